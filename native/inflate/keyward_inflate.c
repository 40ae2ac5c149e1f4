/*
 * keyward's optional inflater: a minimal Node binding to libdeflate (Debian: libdeflate-dev), for
 * the objects `keyward history` reads straight from pack files (src/git/pack-store.ts). Node's
 * zlib makes a stream per call and inflates at about half libdeflate's speed on whole buffers of
 * known size (measured: docs/decisions.md). Built by scripts/build-native.mjs when the library is
 * installed; keyward falls back to node:zlib without it.
 *
 *   inflate(src, dst) -> boolean   inflates the zlib stream at the start of src into dst, which
 *                                  must be its exact size; false when the stream is corrupt or
 *                                  its size differs (then nothing in dst is meaningful)
 */
#include <libdeflate.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdlib.h>

/* One decompressor per Node environment (the main thread and each worker thread own one). */
static void free_decompressor(napi_env env, void *data, void *hint) {
  libdeflate_free_decompressor(data);
}

static bool bytes_of(napi_env env, napi_value v, void **data, size_t *len) {
  bool is;
  if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
    napi_typedarray_type type;
    napi_value ab;
    size_t off;
    if (napi_get_typedarray_info(env, v, &type, len, data, &ab, &off) != napi_ok || type != napi_uint8_array) return false;
    return true;
  }
  return false;
}

static napi_value inflate(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *src, *dst;
  size_t src_len, dst_len;
  if (argc < 2 || !bytes_of(env, argv[0], &src, &src_len) || !bytes_of(env, argv[1], &dst, &dst_len)) {
    napi_throw_type_error(env, NULL, "inflate(src: Uint8Array, dst: Uint8Array)");
    return NULL;
  }
  struct libdeflate_decompressor *d = NULL;
  if (napi_get_instance_data(env, (void **)&d) != napi_ok || d == NULL) {
    d = libdeflate_alloc_decompressor();
    if (d == NULL || napi_set_instance_data(env, d, free_decompressor, NULL) != napi_ok) {
      napi_throw_error(env, NULL, "out of memory");
      return NULL;
    }
  }
  size_t in_used;
  /* No actual_out pointer: success only when the output fills dst exactly. */
  enum libdeflate_result r = libdeflate_zlib_decompress_ex(d, src, src_len, dst, dst_len, &in_used, NULL);
  napi_value out;
  napi_get_boolean(env, r == LIBDEFLATE_SUCCESS, &out);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "inflate", NAPI_AUTO_LENGTH, inflate, NULL, &f);
  napi_set_named_property(env, exports, "inflate", f);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
