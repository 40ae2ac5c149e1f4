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
 *   pread(fd, buf, off, len, pos)  reads len bytes at file position pos into buf[off..]; returns
 *     -> number                    the count read (short only at the end of the file), or -errno.
 *                                  fs.readSync's argument checks cost as much as the read here.
 *   applyDelta(base, delta, pos, dst) -> boolean
 *                                  runs a git delta's instructions from delta[pos] (after its two
 *                                  size fields) on base into dst; true only when they stay in
 *                                  bounds and fill dst exactly
 */
#include <errno.h>
#include <libdeflate.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static napi_value pread_into(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  int64_t off, len, pos;
  void *buf;
  size_t buf_len;
  if (argc < 5 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || !bytes_of(env, argv[1], &buf, &buf_len) ||
      napi_get_value_int64(env, argv[2], &off) != napi_ok || napi_get_value_int64(env, argv[3], &len) != napi_ok ||
      napi_get_value_int64(env, argv[4], &pos) != napi_ok || off < 0 || len < 0 || pos < 0 || (uint64_t)off + (uint64_t)len > buf_len) {
    napi_throw_type_error(env, NULL, "pread(fd, buf: Uint8Array, off, len, pos): a range inside buf");
    return NULL;
  }
  int64_t done = 0;
  while (done < len) {
    ssize_t n = pread(fd, (char *)buf + off + done, (size_t)(len - done), (off_t)(pos + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      done = -errno;
      break;
    }
    if (n == 0) break;
    done += n;
  }
  napi_value out;
  napi_create_int64(env, done, &out);
  return out;
}

/* git's delta instructions (see pack-store.ts applyDelta, the same checks in JavaScript). */
static bool run_delta(const uint8_t *base, size_t base_len, const uint8_t *d, size_t d_len, size_t pos, uint8_t *out, size_t out_len) {
  size_t at = 0;
  while (pos < d_len) {
    uint8_t op = d[pos++];
    if (op & 0x80) {
      size_t from = 0, n = 0;
      for (int i = 0; i < 4; i++)
        if (op & (1 << i)) {
          if (pos >= d_len) return false;
          from |= (size_t)d[pos++] << (8 * i);
        }
      for (int i = 0; i < 3; i++)
        if (op & (0x10 << i)) {
          if (pos >= d_len) return false;
          n |= (size_t)d[pos++] << (8 * i);
        }
      if (n == 0) n = 0x10000;
      if (from > base_len || n > base_len - from || n > out_len - at) return false;
      memcpy(out + at, base + from, n);
      at += n;
    } else if (op != 0) {
      if (op > d_len - pos || op > out_len - at) return false;
      memcpy(out + at, d + pos, op);
      pos += op;
      at += op;
    } else return false;
  }
  return at == out_len;
}

static napi_value apply_delta(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *base, *delta, *dst;
  size_t base_len, delta_len, dst_len;
  int64_t pos;
  if (argc < 4 || !bytes_of(env, argv[0], &base, &base_len) || !bytes_of(env, argv[1], &delta, &delta_len) ||
      napi_get_value_int64(env, argv[2], &pos) != napi_ok || pos < 0 || !bytes_of(env, argv[3], &dst, &dst_len)) {
    napi_throw_type_error(env, NULL, "applyDelta(base: Uint8Array, delta: Uint8Array, pos, dst: Uint8Array)");
    return NULL;
  }
  napi_value out;
  napi_get_boolean(env, run_delta(base, base_len, delta, delta_len, (size_t)pos, dst, dst_len), &out);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "inflate", NAPI_AUTO_LENGTH, inflate, NULL, &f);
  napi_set_named_property(env, exports, "inflate", f);
  napi_create_function(env, "pread", NAPI_AUTO_LENGTH, pread_into, NULL, &f);
  napi_set_named_property(env, exports, "pread", f);
  napi_create_function(env, "applyDelta", NAPI_AUTO_LENGTH, apply_delta, NULL, &f);
  napi_set_named_property(env, exports, "applyDelta", f);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
