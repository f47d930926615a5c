#include "commands.h"

namespace vd::cli {

int runWorklist(const QStringList &, Io io)
{
    io.err << "vitaldesk-cli worklist: not built yet\n";
    return 1;
}

} // namespace vd::cli
