#pragma once

#include <QList>
#include <QString>

class QComboBox;

// The activities time is logged under (time_entries.activity), with their labels: one list
// for the stopwatch, manual time and the time log.
namespace vd::ui {

struct ActivityChoice
{
    QString code; // "data_review", "call", ...
    QString label;
};

QList<ActivityChoice> activityChoices();
// Adds every choice to `box` (label shown, code as item data).
void addActivityChoices(QComboBox *box);
// The label of `code`; "Other" for codes without a choice of their own.
QString activityLabel(const QString &code);

} // namespace vd::ui
