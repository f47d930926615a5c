#include "activities.h"

#include <QComboBox>
#include <QCoreApplication>

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("vd::ui::Activities", text);
}
} // namespace

QList<ActivityChoice> activityChoices()
{
    return {
        {u"data_review"_s, tr("Data review")},
        {u"call"_s, tr("Phone or video call")},
        {u"care_plan"_s, tr("Care-plan update")},
        {u"care_coordination"_s, tr("Care coordination")},
        {u"documentation"_s, tr("Documentation")},
        {u"education"_s, tr("Patient education")},
    };
}

void addActivityChoices(QComboBox *box)
{
    for (const ActivityChoice &choice : activityChoices())
        box->addItem(choice.label, choice.code);
}

QString activityLabel(const QString &code)
{
    for (const ActivityChoice &choice : activityChoices()) {
        if (choice.code == code)
            return choice.label;
    }
    return tr("Other");
}

} // namespace vd::ui
