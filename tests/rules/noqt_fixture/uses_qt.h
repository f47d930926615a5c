// Fixture for the rules_no_qt_headers_detects test: check_no_qt.cmake must reject this.
#pragma once
#include <QString>
