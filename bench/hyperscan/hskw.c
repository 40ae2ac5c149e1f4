/*
 * A measurement prototype, not part of keyward: a minimal Node binding to Hyperscan (Debian's
 * libhyperscan-dev), to measure what a SIMD multi-pattern matcher would give in place of the
 * RE2.Set keyword pass. See bench/hyperscan/run.mjs and docs/decisions.md.
 *
 *   literals(list)  -> matcher: case-insensitive literals, each reported once per scan
 *   prefilter(list) -> matcher: full regexes in Hyperscan's prefilter mode (no false negatives,
 *                      some false positives), each reported once per scan
 *   match(matcher, buffer) -> ids of the patterns found in the buffer
 */
#include <hs/hs.h>
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  hs_database_t *db;
  hs_scratch_t *scratch;
  unsigned *hits;
  unsigned nhits;
} Matcher;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx) {
  Matcher *m = ctx;
  m->hits[m->nhits++] = id;
  return 0;
}

static void finalize(napi_env env, void *data, void *hint) {
  Matcher *m = data;
  hs_free_scratch(m->scratch);
  hs_free_database(m->db);
  free(m->hits);
  free(m);
}

/* The strings of a JS array, NUL-terminated, with their byte lengths. */
static char **strings(napi_env env, napi_value array, uint32_t *n, size_t **lens) {
  napi_get_array_length(env, array, n);
  char **out = calloc(*n, sizeof(char *));
  *lens = calloc(*n, sizeof(size_t));
  for (uint32_t i = 0; i < *n; i++) {
    napi_value el;
    size_t len;
    napi_get_element(env, array, i, &el);
    napi_get_value_string_utf8(env, el, NULL, 0, &len);
    out[i] = malloc(len + 1);
    napi_get_value_string_utf8(env, el, out[i], len + 1, &len);
    (*lens)[i] = len;
  }
  return out;
}

static napi_value build(napi_env env, napi_callback_info info, int literal) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n;
  size_t *lens;
  char **pats = strings(env, argv[0], &n, &lens);
  unsigned *flags = calloc(n, sizeof(unsigned));
  unsigned *ids = calloc(n, sizeof(unsigned));
  for (uint32_t i = 0; i < n; i++) {
    flags[i] = HS_FLAG_SINGLEMATCH | (literal ? HS_FLAG_CASELESS : HS_FLAG_PREFILTER | HS_FLAG_ALLOWEMPTY);
    ids[i] = i;
  }
  Matcher *m = calloc(1, sizeof(Matcher));
  m->hits = calloc(n + 1, sizeof(unsigned));
  hs_compile_error_t *err = NULL;
  hs_error_t rc = literal
    ? hs_compile_lit_multi((const char *const *)pats, flags, ids, lens, n, HS_MODE_BLOCK, NULL, &m->db, &err)
    : hs_compile_multi((const char *const *)pats, flags, ids, n, HS_MODE_BLOCK, NULL, &m->db, &err);
  for (uint32_t i = 0; i < n; i++) free(pats[i]);
  free(pats);
  free(lens);
  free(flags);
  free(ids);
  if (rc != HS_SUCCESS) {
    char msg[512];
    snprintf(msg, sizeof msg, "pattern %d: %s", err ? err->expression : -1, err ? err->message : "compile failed");
    hs_free_compile_error(err);
    free(m->hits);
    free(m);
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  if (hs_alloc_scratch(m->db, &m->scratch) != HS_SUCCESS) {
    napi_throw_error(env, NULL, "hs_alloc_scratch failed");
    return NULL;
  }
  napi_value ext;
  napi_create_external(env, m, finalize, NULL, &ext);
  return ext;
}

static napi_value literals(napi_env env, napi_callback_info info) { return build(env, info, 1); }
static napi_value prefilter(napi_env env, napi_callback_info info) { return build(env, info, 0); }

static napi_value match(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Matcher *m;
  void *data;
  size_t len;
  napi_get_value_external(env, argv[0], (void **)&m);
  napi_get_buffer_info(env, argv[1], &data, &len);
  m->nhits = 0;
  /* hs_scan rejects an empty buffer (its data pointer may be NULL): nothing matches there. */
  if (len > 0 && hs_scan(m->db, data, (unsigned)len, 0, m->scratch, on_match, m) != HS_SUCCESS) {
    napi_throw_error(env, NULL, "hs_scan failed");
    return NULL;
  }
  napi_value arr;
  napi_create_array_with_length(env, m->nhits, &arr);
  for (unsigned i = 0; i < m->nhits; i++) {
    napi_value v;
    napi_create_uint32(env, m->hits[i], &v);
    napi_set_element(env, arr, i, v);
  }
  return arr;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "literals", NAPI_AUTO_LENGTH, literals, NULL, &f);
  napi_set_named_property(env, exports, "literals", f);
  napi_create_function(env, "prefilter", NAPI_AUTO_LENGTH, prefilter, NULL, &f);
  napi_set_named_property(env, exports, "prefilter", f);
  napi_create_function(env, "match", NAPI_AUTO_LENGTH, match, NULL, &f);
  napi_set_named_property(env, exports, "match", f);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
