/*
 * keyward's optional run finder for decoding (src/detect/decode/find-encoded.ts): the one pass
 * over every scanned byte that decoding adds, in C. Plain C, no library; keyward finds the same
 * runs in JavaScript without it.
 *
 *   runs(buffer, from, min, out) -> number   writes [start, end) pairs (Int32Array out) of the
 *                                           maximal runs of base64 characters (A-Z a-z 0-9 + / - _)
 *                                           at least `min` long that end after `from`, in order,
 *                                           that are (24 or more long) all hex digits or such that
 *                                           their first 18 decoded bytes are text at one of the 4
 *                                           alignments, or (any length) that touch a
 *                                           quote followed or preceded by another across blanks
 *                                           and joiners (a superset of what JavaScript's
 *                                           classifyRun and findJoined accept: they decide),
 *                                           until `out` is full; returns how many pairs it wrote
 *                                           (a full `out`: call again from the last end)
 *   escapes(buffer, from, out) -> number    writes [position, kind] pairs of the escapes at or
 *                                           after `from`: kind 0 `%XX`, 1 `\uXXXX` or `\xXX`,
 *                                           2 `&#NN;` `&#xHH;` `&name;`; same contract for a full
 *                                           `out` (call again from the last position + 1)
 *   arrays(buffer, from, out) -> number     writes pairs for arrays of character codes or
 *                                           character literals at or after `from`: [start, end)
 *                                           of each maximal run of digits, a-f, x, commas and
 *                                           blanks at least 48 long holding 15 commas and 16
 *                                           digits (`103, 105, ...`, `0x67, 0x69, ...`), and
 *                                           [position, -1] of each one-character literal followed
 *                                           by a comma and another such literal (`'A', 'I'`);
 *                                           JavaScript decides (a
 *                                           superset); same contract for a full `out`
 */
#include <node_api.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static uint8_t cls[256];
static uint8_t hexd[256];
static int8_t b64v[256];

static void init_class(void) {
  for (int c = 'A'; c <= 'Z'; c++) cls[c] = 1;
  for (int c = 'a'; c <= 'z'; c++) cls[c] = 1;
  for (int c = '0'; c <= '9'; c++) cls[c] = 1;
  cls['+'] = cls['/'] = cls['-'] = cls['_'] = 1;
  const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int c = 0; c < 256; c++) b64v[c] = -1;
  for (int i = 0; i < 64; i++) b64v[(uint8_t)alpha[i]] = (int8_t)i;
  b64v['-'] = 62;
  b64v['_'] = 63;
  for (int c = '0'; c <= '9'; c++) hexd[c] = 1;
  for (int c = 'a'; c <= 'f'; c++) hexd[c] = hexd[c - 32] = 1;
}

static int hex_run(const uint8_t *d, size_t n, size_t at, size_t k) {
  if (at + k > n) return 0;
  for (size_t i = 0; i < k; i++) if (!hexd[d[at + i]]) return 0;
  return 1;
}

static int is_alpha(uint8_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* The escape kind at p (a '%', '\\' or '&'), or -1. */
static int escape_at(const uint8_t *d, size_t n, size_t p) {
  size_t q = p + 1, from;
  switch (d[p]) {
    case '%':
      return hex_run(d, n, p + 1, 2) ? 0 : -1;
    case '\\':
      if (q < n && d[q] == 'u') return hex_run(d, n, p + 2, 4) ? 1 : -1;
      if (q < n && d[q] == 'x') return hex_run(d, n, p + 2, 2) ? 1 : -1;
      if (q < n && d[q] == '/') return 1; /* JSON's escaped slash: postgres:\/\/u:p@h */
      return -1;
    case '&':
      if (q < n && d[q] == '#') {
        int hex = ++q < n && (d[q] == 'x' || d[q] == 'X');
        if (hex) q++;
        for (from = q; q < n && q - from < 7 && (hex ? hexd[d[q]] : d[q] >= '0' && d[q] <= '9'); q++) {}
        return q > from && q < n && d[q] == ';' ? 2 : -1;
      }
      for (from = q; q < n && q - from < 9 && is_alpha(d[q]); q++) {}
      return q - from >= 2 && q < n && d[q] == ';' ? 2 : -1;
  }
  return -1;
}

static size_t find_escapes(const uint8_t *d, size_t n, size_t from, int32_t *out, size_t cap) {
  size_t pairs = 0, i = from;
#define TRY(p)                                         \
  do {                                                 \
    int kind = escape_at(d, n, (p));                   \
    if (kind >= 0) {                                   \
      out[2 * pairs] = (int32_t)(p);                   \
      out[2 * pairs + 1] = kind;                       \
      if (++pairs == cap) return pairs;                \
    }                                                  \
  } while (0)
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(d + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('%')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                               _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
    for (unsigned m = (unsigned)_mm_movemask_epi8(hit); m != 0; m &= m - 1) TRY(i + (size_t)__builtin_ctz(m));
  }
#endif
  for (; i < n; i++) {
    if (d[i] == '%' || d[i] == '\\' || d[i] == '&') TRY(i);
  }
#undef TRY
  return pairs;
}

static int text_byte(unsigned b) { return (b >= 0x20 && b < 0x7f) || b == 0x0a || b == 0x0d || b == 0x09; }

/* Whether the 18 bytes that the base64 at p encodes are text. */
static int base64_text(const uint8_t *p) {
  for (int g = 0; g < 6; g++, p += 4) {
    unsigned v = ((unsigned)b64v[p[0]] << 18) | ((unsigned)b64v[p[1]] << 12) | ((unsigned)b64v[p[2]] << 6) | (unsigned)b64v[p[3]];
    if (!text_byte(v >> 16) || !text_byte((v >> 8) & 255) || !text_byte(v & 255)) return 0;
  }
  return 1;
}

static int quote(const uint8_t *d, size_t n, size_t i) { return i < n && (d[i] == '"' || d[i] == '\'' || d[i] == '`'); }
static int junction_byte(uint8_t b) { return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '+' || b == '.' || b == '&' || b == '|' || b == '/'; }
static int space_byte(uint8_t b) { return b == ' ' || b == '\t' || b == '\r' || b == '\n'; }

/* Whether bytes [p, p + len) of d equal the ASCII string lit. */
static int at(const uint8_t *d, size_t n, size_t p, const char *lit) {
  for (size_t i = 0; lit[i]; i++) if (p + i >= n || d[p + i] != (uint8_t)lit[i]) return 0;
  return 1;
}

/*
 * Whether the literal [open, close] is an element of an array literal (its neighbour across a
 * comma is a literal too) that is joined: the bracket before the elements follows `=` (a name
 * bound to it, joined later), `join(` or `implode(`; or the bracket after them is followed by
 * `.join` or by `, "")` (Go's strings.Join). A superset of find-joined.ts's arraySeparator.
 */
static int joined_array(const uint8_t *d, size_t n, size_t open, size_t close) {
  /* An element: across a comma lies another literal of the same quote, itself followed by a comma
   * or a bracket (in a JSON object the literal after a value's comma is a key, followed by `:`). */
  size_t p = close + 1;
  while (p < n && p - close <= 16 && space_byte(d[p])) p++;
  int element = 0, last = 0;
  if (p < n && d[p] == ',') {
    p++;
    while (p < n && p - close <= 32 && space_byte(d[p])) p++;
    if (p < n && d[p] == d[open]) {
      size_t q = p + 1;
      while (q < n && q - p <= 300 && d[q] != d[open] && d[q] != '\n') q++;
      q++;
      while (q < n && (d[q] == ' ' || d[q] == '\t')) q++;
      element = q < n && (d[q] == ',' || d[q] == ']' || d[q] == ')' || d[q] == '}' || d[q] == '\n' || d[q] == '\r');
    } else {
      last = p < n && (d[p] == ']' || d[p] == ')' || d[p] == '}'); /* the last element, a comma after it */
    }
  } else {
    last = p < n && (d[p] == ']' || d[p] == ')' || d[p] == '}');
  }
  if (last) {
    size_t b = open;
    while (b > 0 && open - b <= 16 && space_byte(d[b - 1])) b--;
    element = b > 0 && d[b - 1] == ',';
  }
  if (!element) return 0;
  /* The opening bracket: back over elements (quoted, commas, blanks) at most 192 bytes (a split key is short). */
  size_t o = open;
  while (o > 0 && open - o <= 192 && d[o - 1] != '[' && d[o - 1] != '(' && d[o - 1] != '{' && d[o - 1] != ';' && d[o - 1] != ']' && d[o - 1] != ')' && d[o - 1] != '}') o--;
  if (o > 0 && (d[o - 1] == '[' || d[o - 1] == '(' || d[o - 1] == '{')) {
    size_t q = o - 1;
    while (q > 0 && o - 1 - q <= 16 && space_byte(d[q - 1])) q--;
    if (q > 0 && d[q - 1] == '=') return 1;
    if (q >= 5 && at(d, n, q - 5, "array") && q > 5) {
      size_t r = q - 5;
      while (r > 0 && q - 5 - r <= 16 && space_byte(d[r - 1])) r--;
      if (r > 0 && d[r - 1] == '=') return 1;
    }
    /* C#'s and Java's `= new[] {` / `= new string[] {`: the `=` before `new`. */
    for (size_t k = q > 16 ? q - 16 : 0; k + 3 <= q; k++) {
      if (!at(d, n, k, "new") || d[q - 1] != ']') continue;
      size_t r = k;
      while (r > 0 && k - r <= 16 && space_byte(d[r - 1])) r--;
      if (r > 0 && d[r - 1] == '=') return 1;
    }
    /* `join(`, `implode(`, Rust's `concat!(`, C#'s `string.Join(string.Empty, new[] {` and `string.Concat(`. */
    for (size_t k = q > 40 ? q - 40 : 0; k < q; k++)
      if (at(d, n, k, "join(") || at(d, n, k, "Join(") || at(d, n, k, "implode(") || at(d, n, k, "concat!(") || at(d, n, k, "Concat(")) return 1;
  }
  /* The closing bracket: forward over elements at most 192 bytes. */
  size_t c = close + 1;
  while (c < n && c - close <= 192 && d[c] != ']' && d[c] != ')' && d[c] != '}' && d[c] != ';' && d[c] != '[' && d[c] != '(' && d[c] != '{') c++;
  if (c >= n || (d[c] != ']' && d[c] != ')' && d[c] != '}')) return 0;
  c++;
  while (c < n && space_byte(d[c]) && c - close <= 208) c++;
  if (c < n && d[c] == '.') return at(d, n, c + 1, "join");
  if (c < n && d[c] == ',') {
    c++;
    while (c < n && (d[c] == ' ' || d[c] == '\t')) c++;
    if (!quote(d, n, c)) return 0;
    size_t q2 = c + 1;
    while (q2 < n && q2 - c <= 4 && d[q2] != d[c]) q2++;
    if (q2 >= n || d[q2] != d[c]) return 0;
    q2++;
    while (q2 < n && (d[q2] == ' ' || d[q2] == '\t')) q2++;
    return q2 < n && d[q2] == ')';
  }
  return 0;
}

/*
 * Whether the run [s, e) touches a quote that only blanks, line breaks and joiners (+ . & |)
 * separate from another of the same kind, or lies in an array of literals that is joined
 * (joined_array): a piece of a key split over joined literals. A
 * superset of what find-joined.ts accepts, which decides.
 */
static int joinable(const uint8_t *d, size_t n, size_t s, size_t e) {
  if (!(s > 0 && quote(d, n, s - 1)) && !quote(d, n, e)) return 0;
  /* The literal around the run, as find-joined.ts's literalAround (with wider bounds): its quotes on the run's line. */
  size_t open = s, close = e;
  while (open > 0 && s - open < 300 && !quote(d, n, open - 1) && d[open - 1] != '\n') open--;
  if (open == 0 || !quote(d, n, open - 1)) return 0;
  open--;
  while (close < n && close - open <= 300 && d[close] != d[open] && d[close] != '\n') close++;
  if (close >= n || d[close] != d[open]) return 0;
  if (open != s - 1 && close != e) return 0; /* the run touches neither quote */
  size_t p = close + 1;
  while (p < n && p - close <= 64 && junction_byte(d[p])) p++;
  if (p < n && d[p] == d[open]) return 1;
  p = open;
  while (p > 0 && open - p <= 64 && junction_byte(d[p - 1])) p--;
  if (p > 0 && d[p - 1] == d[open]) return 1;
  return joined_array(d, n, open, close);
}

/*
 * Whether the run [s, e) (all base64 characters) may be a piece of a key split over joined
 * literals (joinable), or, 24 or more long, may hold encoded text.
 */
static int worth_decoding(const uint8_t *d, size_t n, size_t s, size_t e) {
  if (joinable(d, n, s, e)) return 1;
  if (e - s < 24) return 0;
  size_t k = s;
  while (k < e && hexd[d[k]]) k++;
  if (k == e) return 1; /* hex: JavaScript decides */
  for (size_t o = 0; o < 4 && e - s - o >= 24; o++) {
    if (base64_text(d + s + o)) return 1;
  }
  return 0;
}

#ifdef __SSE2__
/* Bit i set when byte i of the 16 at p is a base64 character. */
static inline unsigned class_mask(const uint8_t *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)p);
  __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* letters folded to lower case */
  __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
  __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  __m128i sym = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('+')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))));
  return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), sym));
}
#endif

/*
 * 16 bytes at a time: a run at least `min` (>= 16) long cannot lie inside one block, so per
 * block only the run that its first non-base64 byte ends and the start of the run its last one
 * begins matter. Bytes past the last whole block are read one by one.
 */
static size_t find_runs(const uint8_t *d, size_t n, size_t from, size_t min, int32_t *out, size_t cap) {
  size_t pairs = 0, start = from, i = from;
#define EMIT(s, e)                                  \
  do {                                              \
    if (!worth_decoding(d, n, (s), (e))) break;     \
    out[2 * pairs] = (int32_t)(s);                  \
    out[2 * pairs + 1] = (int32_t)(e);              \
    if (++pairs == cap) return pairs;               \
  } while (0)
#ifdef __SSE2__
  if (min >= 16) {
    for (; i + 16 <= n; i += 16) {
      unsigned gaps = ~class_mask(d + i) & 0xffffu;
      if (gaps == 0) continue;
      size_t first = i + (size_t)__builtin_ctz(gaps);
      if (first - start >= min) EMIT(start, first);
      start = i + (size_t)(31 - __builtin_clz(gaps)) + 1;
    }
  }
#endif
  for (; i < n; i++) {
    if (cls[d[i]]) continue;
    if (i - start >= min) EMIT(start, i);
    start = i + 1;
  }
  if (n > start && n - start >= min) EMIT(start, n);
#undef EMIT
  return pairs;
}

static napi_value runs(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], result;
  napi_typedarray_type t1, t2;
  size_t n, cap, off;
  void *data, *out;
  napi_value ab;
  uint32_t from, min;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4 ||
      napi_get_typedarray_info(env, argv[0], &t1, &n, &data, &ab, &off) != napi_ok || t1 != napi_uint8_array ||
      napi_get_value_uint32(env, argv[1], &from) != napi_ok || napi_get_value_uint32(env, argv[2], &min) != napi_ok ||
      napi_get_typedarray_info(env, argv[3], &t2, &cap, &out, &ab, &off) != napi_ok || t2 != napi_int32_array ||
      n > INT32_MAX) {
    napi_throw_type_error(env, NULL, "runs(Uint8Array, from, min, Int32Array)");
    return NULL;
  }
  size_t pairs = from < n && cap >= 2 ? find_runs(data, n, from, min, out, cap / 2) : 0;
  napi_create_uint32(env, (uint32_t)pairs, &result);
  return result;
}


/* Digits, hex letters, x, commas and blanks: what an array of character codes is made of. */
static uint8_t numc[256];

static void init_numc(void) {
  for (int c = '0'; c <= '9'; c++) numc[c] = 1;
  for (int c = 'a'; c <= 'f'; c++) numc[c] = numc[c - 32] = 1;
  numc['x'] = numc['X'] = numc[','] = numc[' '] = numc['\t'] = numc['\r'] = numc['\n'] = 1;
}

#define MIN_ARRAY_RUN 48
#define MIN_ARRAY_COMMAS 15

/* Whether the run [s, e) holds enough commas and digits to be 16 character codes. */
static int code_run(const uint8_t *d, size_t s, size_t e) {
  size_t commas = 0, digits = 0;
  for (size_t k = s; k < e; k++) {
    commas += d[k] == ',';
    digits += d[k] >= '0' && d[k] <= '9';
  }
  return commas >= MIN_ARRAY_COMMAS && digits > MIN_ARRAY_COMMAS;
}

/* Whether a one-character literal followed by a comma starts at p (`'A',`). */
static inline int char_literal(const uint8_t *d, size_t n, size_t p) {
  return p + 3 < n && (d[p] == '\'' || d[p] == '"') && d[p + 2] == d[p] && d[p + 3] == ',';
}

/* Whether another one-character literal of the same quote follows the one at p, after its comma
 * and at most 4 blanks: an array's element has a neighbour (`'A', 'I'`), a lone `'a',` does not. */
static inline int literal_pair(const uint8_t *d, size_t n, size_t p) {
  size_t q = p + 4;
  while (q < n && q - p < 8 && (d[q] == ' ' || d[q] == '\t' || d[q] == '\r' || d[q] == '\n')) q++;
  return q + 2 < n && d[q] == d[p] && d[q + 2] == d[p];
}

#ifdef __SSE2__
static inline unsigned num_mask(const uint8_t *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)p);
  __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
  __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  __m128i hexl = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lo, _mm_set1_epi8('f' + 1)));
  __m128i x = _mm_cmpeq_epi8(lo, _mm_set1_epi8('x'));
  __m128i sep = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8(' '))),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')))));
  return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(digit, hexl), _mm_or_si128(x, sep)));
}

/* Bit i set when a one-character literal followed by a comma starts at p + i (needs p + 19 <= end). */
static inline unsigned literal_mask(const uint8_t *p) {
  __m128i a = _mm_loadu_si128((const __m128i *)p);
  __m128i c = _mm_loadu_si128((const __m128i *)(p + 2));
  __m128i comma = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + 3)), _mm_set1_epi8(','));
  __m128i quote = _mm_or_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(a, _mm_set1_epi8('"')));
  return (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(quote, _mm_cmpeq_epi8(a, c)), comma));
}
#endif

/*
 * A run of MIN_ARRAY_RUN (48) or more covers two whole aligned 16-byte blocks, one of them at an
 * even index: only even blocks are classified, and one wholly in the class is widened to its run
 * byte by byte. Literals are looked for in every block that holds a comma.
 */
static size_t find_arrays(const uint8_t *d, size_t n, size_t from, int32_t *out, size_t cap) {
  size_t pairs = 0, i = from, done = from; /* done: runs end at or before it */
#define PUSH(a, b)                               \
  do {                                           \
    out[2 * pairs] = (int32_t)(a);               \
    out[2 * pairs + 1] = (int32_t)(b);           \
    if (++pairs == cap) return pairs;            \
  } while (0)
#ifdef __SSE2__
  for (; i + 19 <= n; i += 16) {
    unsigned lits = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(d + i + 3)), _mm_set1_epi8(','))) ? literal_mask(d + i) : 0;
    while (lits) {
      size_t at = i + (size_t)__builtin_ctz(lits);
      if (literal_pair(d, n, at)) PUSH(at, -1);
      lits &= lits - 1;
    }
    if (((i - from) & 16) || i < done || num_mask(d + i) != 0xffffu) continue;
    size_t s = i, e = i + 16;
    while (s > done && numc[d[s - 1]]) s--;
    while (e < n && numc[d[e]]) e++;
    done = e;
    if (e - s >= MIN_ARRAY_RUN && code_run(d, s, e)) PUSH(s, e);
  }
#endif
  /* The tail (all of it without SSE2): byte by byte, runs starting at or after `done`. */
  size_t start = i > done ? i : done;
  while (start > done && numc[d[start - 1]]) start--;
  for (size_t k = i; k < n; k++) {
    if (char_literal(d, n, k) && literal_pair(d, n, k)) PUSH(k, -1);
  }
  for (size_t k = start; k < n; k++) {
    if (numc[d[k]]) continue;
    if (k - start >= MIN_ARRAY_RUN && code_run(d, start, k)) PUSH(start, k);
    start = k + 1;
  }
  if (n > start && n - start >= MIN_ARRAY_RUN && code_run(d, start, n)) PUSH(start, n);
#undef PUSH
  return pairs;
}

/* A pass over (Uint8Array, from, Int32Array out) that writes pairs: escapes() and arrays(). */
typedef size_t (*pair_pass)(const uint8_t *d, size_t n, size_t from, int32_t *out, size_t cap);

static napi_value run_pass(napi_env env, napi_callback_info info, pair_pass pass, const char *usage) {
  size_t argc = 3;
  napi_value argv[3], result;
  napi_typedarray_type t1, t2;
  size_t n, cap, off;
  void *data, *out;
  napi_value ab;
  uint32_t from;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 ||
      napi_get_typedarray_info(env, argv[0], &t1, &n, &data, &ab, &off) != napi_ok || t1 != napi_uint8_array ||
      napi_get_value_uint32(env, argv[1], &from) != napi_ok ||
      napi_get_typedarray_info(env, argv[2], &t2, &cap, &out, &ab, &off) != napi_ok || t2 != napi_int32_array ||
      n > INT32_MAX) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  size_t pairs = from < n && cap >= 2 ? pass(data, n, from, out, cap / 2) : 0;
  napi_create_uint32(env, (uint32_t)pairs, &result);
  return result;
}

static napi_value escapes(napi_env env, napi_callback_info info) {
  return run_pass(env, info, find_escapes, "escapes(Uint8Array, from, Int32Array)");
}

static napi_value arrays(napi_env env, napi_callback_info info) {
  return run_pass(env, info, find_arrays, "arrays(Uint8Array, from, Int32Array)");
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value f;
  init_class();
  init_numc();
  napi_create_function(env, "runs", NAPI_AUTO_LENGTH, runs, NULL, &f);
  napi_set_named_property(env, exports, "runs", f);
  napi_create_function(env, "escapes", NAPI_AUTO_LENGTH, escapes, NULL, &f);
  napi_set_named_property(env, exports, "escapes", f);
  napi_create_function(env, "arrays", NAPI_AUTO_LENGTH, arrays, NULL, &f);
  napi_set_named_property(env, exports, "arrays", f);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
