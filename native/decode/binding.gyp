{
  "targets": [
    { "target_name": "keyward_decode", "sources": ["keyward_decode.c"], "cflags": ["-O3", "-Wall"] }
  ]
}
