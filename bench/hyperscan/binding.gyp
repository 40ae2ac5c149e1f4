{
  "targets": [
    { "target_name": "hskw", "sources": ["hskw.c"], "libraries": ["-lhs"], "cflags": ["-O2"] }
  ]
}
