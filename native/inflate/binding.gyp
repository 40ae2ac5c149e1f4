{
  "targets": [
    { "target_name": "keyward_inflate", "sources": ["keyward_inflate.c"], "libraries": ["-ldeflate"], "cflags": ["-O2", "-Wall"] }
  ]
}
