namespace vd::ingest { int placeholder() { return 0; } }
