/*
 * keyward's optional prefilter: a minimal Node binding to Hyperscan (Debian: libhyperscan-dev).
 * Hyperscan only chooses which rules run on a buffer; RE2 still extracts every match
 * (src/detect/prefilter.ts, docs/decisions.md). Built by scripts/build-native.mjs when the
 * library is installed; keyward works without it.
 *
 *   compile(patterns, literal) -> Buffer   a serialised block-mode database. literal[i] != 0:
 *                                          patterns[i] is a literal matched ignoring ASCII case
 *                                          (1: reported once per scan, 2: at every occurrence,
 *                                          for blocks()); else a regex in prefilter mode (no
 *                                          false negatives).
 *                                          Pattern ids are the indexes. Throws "pattern <i>: ..."
 *   load(serialised, count) -> handle      the database (count patterns) and a scratch space for
 *                                          this thread
 *   match(handle, buffer) -> number[]      the ids of the patterns found in the buffer, each once
 *   match(handle, buffer, owner, named)    with owner (Int32Array: pattern id -> rule) and named
 *     -> number                            (Uint8Array, one per rule): sets named[owner[id]] = 1
 *                                          for each pattern found and returns how many rules it
 *                                          newly named; no array is made per buffer
 *   blocks(handle, buffer, lens, block, reach, out) -> number
 *                                          for a database of literals (literal 2): which literal
 *                                          occurs in which block. A literal of lens[id] bytes at
 *                                          p counts for block p / block, and for the block before
 *                                          when it ends within `reach` bytes of that block's end
 *                                          (a block is searched with `reach` bytes of the next).
 *                                          Writes (block, id) pairs into out (Int32Array), maybe
 *                                          repeated; returns the pair count, or -1 when out is
 *                                          too small (nothing is dropped silently)
 *   matchCollapsed(handle, buffer[, owner, named])
 *                                          the same over a copy where each non-ASCII character of
 *                                          a valid UTF-8 buffer is one byte 0x01
 */
#include <hs/hs.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>

/* Every N-API call is checked: a failed call throws (when nothing is pending) and returns NULL. */
#define NAPI_CALL(env, call)                                   \
  do {                                                         \
    if ((call) != napi_ok) return throw_error(env, #call " failed"); \
  } while (0)

typedef struct {
  hs_database_t *db;
  hs_scratch_t *scratch;
  unsigned *hits;
  unsigned nhits;
  unsigned cap;
  bool overflow; /* more distinct ids than the count load() was given: never drop one silently */
  unsigned char *copy; /* matchCollapsed's work buffer, grown as needed */
  size_t copy_size;
} Matcher;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx) {
  Matcher *m = ctx;
  if (m->nhits >= m->cap) {
    m->overflow = true;
    return 1; /* stop: the caller throws */
  }
  m->hits[m->nhits++] = id;
  return 0;
}

static void finalize(napi_env env, void *data, void *hint) {
  Matcher *m = data;
  hs_free_scratch(m->scratch);
  hs_free_database(m->db);
  free(m->hits);
  free(m->copy);
  free(m);
}

static napi_value throw_error(napi_env env, const char *msg) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && !pending) napi_throw_error(env, NULL, msg);
  return NULL;
}

/* The call's first n arguments into argv; false when fewer were given. */
static bool args(napi_env env, napi_callback_info info, size_t n, napi_value *argv) {
  size_t argc = n;
  return napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc >= n;
}

/* Frees the first n pattern strings and the compile() arrays (any may be NULL). */
static void free_patterns(char **pats, uint32_t n, size_t *lens, unsigned *flags, unsigned *ids) {
  if (pats)
    for (uint32_t i = 0; i < n; i++) free(pats[i]);
  free(pats);
  free(lens);
  free(flags);
  free(ids);
}

/* The i-th element of `array`, a string, into a new NUL-terminated buffer; false on any failure. */
static bool string_at(napi_env env, napi_value array, uint32_t i, char **out, size_t *len) {
  napi_value el;
  size_t n;
  if (napi_get_element(env, array, i, &el) != napi_ok || napi_get_value_string_utf8(env, el, NULL, 0, &n) != napi_ok) return false;
  char *buf = malloc(n + 1);
  if (!buf) return false;
  if (napi_get_value_string_utf8(env, el, buf, n + 1, &n) != napi_ok) {
    free(buf);
    return false;
  }
  *out = buf;
  *len = n;
  return true;
}

static napi_value compile(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  uint32_t n;
  if (!args(env, info, 2, argv) || napi_get_array_length(env, argv[0], &n) != napi_ok || n == 0) return throw_error(env, "compile(patterns, literal)");
  void *lit;
  size_t nlit;
  if (napi_get_buffer_info(env, argv[1], &lit, &nlit) != napi_ok || nlit < n) return throw_error(env, "literal: a Buffer, one byte per pattern");
  char **pats = calloc(n, sizeof(char *));
  size_t *lens = calloc(n, sizeof(size_t));
  unsigned *flags = calloc(n, sizeof(unsigned));
  unsigned *ids = calloc(n, sizeof(unsigned));
  if (!pats || !lens || !flags || !ids) {
    free_patterns(pats, 0, lens, flags, ids);
    return throw_error(env, "out of memory");
  }
  int all_literal = 1;
  for (uint32_t i = 0; i < n; i++) {
    if (!string_at(env, argv[0], i, &pats[i], &lens[i])) {
      free_patterns(pats, n, lens, flags, ids);
      return throw_error(env, "patterns: an array of strings");
    }
    ids[i] = i;
    if (((unsigned char *)lit)[i] == 2) {
      flags[i] = HS_FLAG_CASELESS;
    } else if (((unsigned char *)lit)[i]) {
      flags[i] = HS_FLAG_SINGLEMATCH | HS_FLAG_CASELESS;
    } else {
      flags[i] = HS_FLAG_SINGLEMATCH | HS_FLAG_PREFILTER | HS_FLAG_ALLOWEMPTY;
      all_literal = 0;
    }
  }
  hs_database_t *db = NULL;
  hs_compile_error_t *err = NULL;
  hs_error_t rc;
  if (all_literal) {
    rc = hs_compile_lit_multi((const char *const *)pats, flags, ids, lens, n, HS_MODE_BLOCK, NULL, &db, &err);
  } else {
    /* Literals in a regex database: escape every byte as \xHH. */
    for (uint32_t i = 0; i < n; i++) {
      if (!((unsigned char *)lit)[i]) continue;
      char *esc = malloc(lens[i] * 4 + 1);
      if (!esc) {
        free_patterns(pats, n, lens, flags, ids);
        return throw_error(env, "out of memory");
      }
      for (size_t j = 0; j < lens[i]; j++) snprintf(esc + j * 4, 5, "\\x%02x", (unsigned char)pats[i][j]);
      esc[lens[i] * 4] = 0;
      free(pats[i]);
      pats[i] = esc;
    }
    rc = hs_compile_multi((const char *const *)pats, flags, ids, n, HS_MODE_BLOCK, NULL, &db, &err);
  }
  free_patterns(pats, n, lens, flags, ids);
  if (rc != HS_SUCCESS) {
    char msg[512];
    snprintf(msg, sizeof msg, "pattern %d: %s", err ? err->expression : -1, err ? err->message : "compile failed");
    hs_free_compile_error(err);
    return throw_error(env, msg);
  }
  char *bytes;
  size_t len;
  rc = hs_serialize_database(db, &bytes, &len);
  hs_free_database(db);
  if (rc != HS_SUCCESS) return throw_error(env, "hs_serialize_database failed");
  napi_value out;
  void *dst;
  napi_status st = napi_create_buffer_copy(env, len, bytes, &dst, &out);
  free(bytes);
  if (st != napi_ok) return throw_error(env, "napi_create_buffer_copy failed");
  return out;
}

static napi_value load(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  void *data;
  size_t len;
  uint32_t count;
  if (!args(env, info, 2, argv) || napi_get_buffer_info(env, argv[0], &data, &len) != napi_ok || napi_get_value_uint32(env, argv[1], &count) != napi_ok)
    return throw_error(env, "load(serialised, patternCount)");
  Matcher *m = calloc(1, sizeof(Matcher));
  if (!m) return throw_error(env, "out of memory");
  if (hs_deserialize_database(data, len, &m->db) != HS_SUCCESS) {
    free(m);
    return throw_error(env, "hs_deserialize_database failed");
  }
  if (hs_alloc_scratch(m->db, &m->scratch) != HS_SUCCESS) {
    hs_free_database(m->db);
    free(m);
    return throw_error(env, "hs_alloc_scratch failed");
  }
  /* HS_FLAG_SINGLEMATCH: each id at most once per scan. */
  m->cap = count;
  m->hits = calloc((size_t)count + 1, sizeof(unsigned));
  napi_value ext;
  if (!m->hits || napi_create_external(env, m, finalize, NULL, &ext) != napi_ok) {
    finalize(env, m, NULL);
    return throw_error(env, "out of memory");
  }
  return ext;
}

/* The optional owner and named arguments (argv[2], argv[3]). */
typedef struct {
  const int32_t *owner;
  size_t owners;
  uint8_t *named;
  size_t rules;
} Naming;

/* 0: not given (the array form); 1: read into n; -1: given but not an Int32Array and a Uint8Array. */
static int naming_of(napi_env env, napi_callback_info info, Naming *n) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return -1;
  if (argc <= 2) return 0;
  if (argc < 4) return -1;
  napi_typedarray_type t1, t2;
  napi_value ab;
  size_t off;
  void *owner, *named;
  if (napi_get_typedarray_info(env, argv[2], &t1, &n->owners, &owner, &ab, &off) != napi_ok || t1 != napi_int32_array) return -1;
  if (napi_get_typedarray_info(env, argv[3], &t2, &n->rules, &named, &ab, &off) != napi_ok || t2 != napi_uint8_array) return -1;
  n->owner = owner;
  n->named = named;
  return 1;
}

/*
 * Scans data[0..len) into m->hits; returns the ids as a JS array, or with `naming` marks their
 * rules and returns how many it newly marked (NULL after throwing).
 */
static napi_value scan_into_array(napi_env env, Matcher *m, const void *data, size_t len, const Naming *naming) {
  m->nhits = 0;
  m->overflow = false;
  /* hs_scan takes an unsigned length: a larger buffer would be cut short without a word. */
  if (len > UINT_MAX) return throw_error(env, "buffer over 4 GiB: scan it in windows");
  /* hs_scan rejects an empty buffer (its data pointer may be NULL): nothing matches there. */
  hs_error_t rc = len > 0 ? hs_scan(m->db, data, (unsigned)len, 0, m->scratch, on_match, m) : HS_SUCCESS;
  if (m->overflow) return throw_error(env, "more patterns matched than the database was loaded with");
  if (rc != HS_SUCCESS) return throw_error(env, "hs_scan failed");
  if (naming) {
    uint32_t count = 0;
    for (unsigned i = 0; i < m->nhits; i++) {
      unsigned id = m->hits[i];
      if (id >= naming->owners) return throw_error(env, "pattern id beyond the owner list");
      int32_t rule = naming->owner[id];
      if (rule < 0 || (size_t)rule >= naming->rules) return throw_error(env, "rule index beyond the named list");
      if (!naming->named[rule]) {
        naming->named[rule] = 1;
        count++;
      }
    }
    napi_value out;
    NAPI_CALL(env, napi_create_uint32(env, count, &out));
    return out;
  }
  napi_value arr;
  NAPI_CALL(env, napi_create_array_with_length(env, m->nhits, &arr));
  for (unsigned i = 0; i < m->nhits; i++) {
    napi_value v;
    NAPI_CALL(env, napi_create_uint32(env, m->hits[i], &v));
    NAPI_CALL(env, napi_set_element(env, arr, i, v));
  }
  return arr;
}

/* scan_into_array with the call's naming, or NULL after throwing for ill-typed naming arguments. */
static napi_value scan_named(napi_env env, napi_callback_info info, Matcher *m, const void *data, size_t len) {
  Naming n;
  int given = naming_of(env, info, &n);
  if (given < 0) return throw_error(env, "owner must be an Int32Array and named a Uint8Array");
  return scan_into_array(env, m, data, len, given ? &n : NULL);
}

static bool matcher_and_buffer(napi_env env, napi_callback_info info, Matcher **m, void **data, size_t *len) {
  napi_value argv[2];
  return args(env, info, 2, argv) && napi_get_value_external(env, argv[0], (void **)m) == napi_ok && napi_get_buffer_info(env, argv[1], data, len) == napi_ok;
}

static napi_value match(napi_env env, napi_callback_info info) {
  Matcher *m;
  void *data;
  size_t len;
  if (!matcher_and_buffer(env, info, &m, &data, &len)) return throw_error(env, "match(handle, buffer)");
  return scan_named(env, info, m, data, len);
}

/*
 * match() over a copy of a valid UTF-8 buffer in which each non-ASCII character is one byte
 * 0x01: lead bytes become 0x01, continuation bytes are dropped. See src/detect/prefilter.ts for
 * when the byte-mode prefilter on that copy names every rule RE2 can match in the original.
 */
static napi_value match_collapsed(napi_env env, napi_callback_info info) {
  Matcher *m;
  void *data;
  size_t len;
  if (!matcher_and_buffer(env, info, &m, &data, &len)) return throw_error(env, "matchCollapsed(handle, buffer)");
  if (len > m->copy_size) {
    unsigned char *grown = realloc(m->copy, len);
    if (!grown) return throw_error(env, "out of memory");
    m->copy = grown;
    m->copy_size = len;
  }
  const unsigned char *in = data;
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char b = in[i];
    if (b < 0x80) m->copy[n++] = b;
    else if ((b & 0xC0) != 0x80) m->copy[n++] = 0x01;
  }
  return scan_named(env, info, m, m->copy, n);
}

/* blocks(): where each literal occurs, by block. */
typedef struct {
  const int32_t *lens;
  size_t nlens;
  unsigned long long block;
  unsigned long long reach;
  int32_t *out;
  size_t cap; /* pairs out can hold */
  size_t n;
  bool overflow;
  bool bad_id;
  int32_t *last; /* per literal: the last block written for it (fewer repeats) */
} Blocks;

static bool put_block(Blocks *b, unsigned id, unsigned long long blk) {
  if (b->last[id] == (int32_t)blk) return true;
  if (b->n >= b->cap) {
    b->overflow = true;
    return false;
  }
  b->out[2 * b->n] = (int32_t)blk;
  b->out[2 * b->n + 1] = (int32_t)id;
  b->n++;
  b->last[id] = (int32_t)blk;
  return true;
}

static int on_block_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx) {
  Blocks *b = ctx;
  if (id >= b->nlens || b->lens[id] <= 0 || (unsigned long long)b->lens[id] > to) {
    b->bad_id = true;
    return 1;
  }
  unsigned long long len = (unsigned long long)b->lens[id];
  unsigned long long p = to - len;
  unsigned long long blk = p / b->block;
  unsigned long long off = p - blk * b->block;
  if (blk > 0 && off + len <= b->reach && !put_block(b, id, blk - 1)) return 1;
  return put_block(b, id, blk) ? 0 : 1;
}

static napi_value blocks(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  Matcher *m;
  void *data, *lens, *out;
  size_t len, nlens, nout, off;
  uint32_t block, reach;
  napi_typedarray_type t1, t2;
  napi_value ab;
  if (!args(env, info, 6, argv) || napi_get_value_external(env, argv[0], (void **)&m) != napi_ok || napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok ||
      napi_get_typedarray_info(env, argv[2], &t1, &nlens, &lens, &ab, &off) != napi_ok || t1 != napi_int32_array ||
      napi_get_value_uint32(env, argv[3], &block) != napi_ok || block == 0 || napi_get_value_uint32(env, argv[4], &reach) != napi_ok ||
      napi_get_typedarray_info(env, argv[5], &t2, &nout, &out, &ab, &off) != napi_ok || t2 != napi_int32_array)
    return throw_error(env, "blocks(handle, buffer, lens: Int32Array, block, reach, out: Int32Array)");
  if (len > UINT_MAX) return throw_error(env, "buffer over 4 GiB: scan it in windows");
  if (nlens > INT32_MAX || len / block > INT32_MAX) return throw_error(env, "blocks: too many literals or blocks");
  int32_t *last = malloc((nlens + 1) * sizeof(int32_t));
  if (!last) return throw_error(env, "out of memory");
  for (size_t i = 0; i < nlens; i++) last[i] = -1;
  Blocks b = {lens, nlens, block, reach, out, nout / 2, 0, false, false, last};
  hs_error_t rc = len > 0 ? hs_scan(m->db, data, (unsigned)len, 0, m->scratch, on_block_match, &b) : HS_SUCCESS;
  free(last);
  if (b.bad_id) return throw_error(env, "blocks: a match of a pattern without a length in lens");
  napi_value result;
  if (b.overflow) {
    NAPI_CALL(env, napi_create_int32(env, -1, &result));
    return result;
  }
  if (rc != HS_SUCCESS) return throw_error(env, "hs_scan failed");
  NAPI_CALL(env, napi_create_int32(env, (int32_t)b.n, &result));
  return result;
}

static napi_value export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value f;
  NAPI_CALL(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &f));
  NAPI_CALL(env, napi_set_named_property(env, exports, name, f));
  return exports;
}

static napi_value init(napi_env env, napi_value exports) {
  if (!export_function(env, exports, "compile", compile) || !export_function(env, exports, "load", load) ||
      !export_function(env, exports, "match", match) || !export_function(env, exports, "matchCollapsed", match_collapsed) ||
      !export_function(env, exports, "blocks", blocks))
    return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
