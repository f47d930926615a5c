#include "tempdatabase.h"

namespace vd::test {
using namespace Qt::Literals::StringLiterals;

TempDatabase::TempDatabase()
    : m_path(m_dir.filePath(u"vitaldesk.sqlite"_s))
{
    reopen();
}

bool TempDatabase::reopen()
{
    m_db.reset();
    auto opened = Database::openSqlite(m_path);
    if (!opened) {
        m_error = opened.error();
        return false;
    }
    m_db = std::move(opened.value());
    return true;
}

} // namespace vd::test
