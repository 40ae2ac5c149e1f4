{
  "targets": [
    { "target_name": "keyward_hs", "sources": ["keyward_hs.c"], "libraries": ["-lhs"], "cflags": ["-O2", "-Wall"] }
  ]
}
