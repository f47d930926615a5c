namespace vd::billing { int placeholder() { return 0; } }
