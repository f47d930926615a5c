// vitaldesk-cli: the scripting and test surface of VitalDesk's core.

#include <cstdio>
#include <functional>

#include <QCoreApplication>
#include <QTextStream>

#include "commands.h"

using namespace Qt::Literals::StringLiterals;

namespace {

struct Command
{
    QString name;
    QString synopsis;
    std::function<int(const QStringList &, vd::cli::Io)> run;
};

const std::vector<Command> &commands()
{
    static const std::vector<Command> list{
        {u"demo"_s, u"demo --db PATH [--patients N] [--months M] [--seed S] [--today YYYY-MM-DD]"_s,
         vd::cli::runDemo},
        {u"evaluate"_s, u"evaluate FILE.json"_s, vd::cli::runEvaluate},
        {u"import"_s,
         u"import --db PATH [--patient MRN] [--source device|manual] [--partial] [--rejects PATH] "
         "[--json] FILE..."_s,
         vd::cli::runImport},
        {u"worklist"_s, u"worklist --db PATH [--today YYYY-MM-DD] [--json]"_s,
         vd::cli::runWorklist},
    };
    return list;
}

void usage(QTextStream &s)
{
    s << "usage: vitaldesk-cli COMMAND [OPTIONS]\n\ncommands:\n";
    for (const Command &c : commands())
        s << "  " << c.synopsis << '\n';
    s << "\n  --version, --help\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"VitalDesk"_s);
    QCoreApplication::setApplicationName(u"vitaldesk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(VITALDESK_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first() == u"--help"_s || args.first() == u"-h"_s) {
        usage(args.isEmpty() ? err : out);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == u"--version"_s) {
        out << "vitaldesk-cli " << VITALDESK_VERSION << '\n';
        return 0;
    }
    const QString name = args.takeFirst();
    for (const Command &c : commands()) {
        if (c.name == name) {
            const int rc = c.run(args, vd::cli::Io{out, err});
            out.flush();
            err.flush();
            return rc;
        }
    }
    err << "vitaldesk-cli: unknown command '" << name << "'\n";
    usage(err);
    return 2;
}
