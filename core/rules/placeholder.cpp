namespace vd::rules { int placeholder() { return 0; } }
