#include "commands.h"

namespace vd::cli {

int runImport(const QStringList &, Io io)
{
    io.err << "vitaldesk-cli import: not built yet\n";
    return 1;
}

} // namespace vd::cli
