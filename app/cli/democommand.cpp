#include "commands.h"

namespace vd::cli {

int runDemo(const QStringList &, Io io)
{
    io.err << "vitaldesk-cli demo: not built yet\n";
    return 1;
}

} // namespace vd::cli
