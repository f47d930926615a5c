#include "recoverydialog.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

#include "billing/stopwatch.h"
#include "store/clock.h"
#include "store/database.h"
#include "store/settingsrepository.h"
#include "ui/stopwatchwidget.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {
// Translation context for the messages below (lupdate understands this).
class RecoveryDialog
{
    Q_DECLARE_TR_FUNCTIONS(RecoveryDialog)
};
} // namespace

RecoveryOutcome offerStopwatchRecovery(QWidget *parent, Database &db, const Clock &clock,
                                       StaffId staff)
{
    auto found = billing::Stopwatch::recoverable(db, clock, staff);
    if (!found) {
        QMessageBox::warning(
            parent, RecoveryDialog::tr("Stopwatch"),
            RecoveryDialog::tr("The stopwatch journal could not be read:\n%1").arg(found.error()));
        return RecoveryOutcome::Failed;
    }
    if (!found->has_value())
        return RecoveryOutcome::NothingToRecover;
    const billing::OrphanedTimer &orphan = **found;

    const PracticeCalendar calendar = SettingsRepository(db.connection(), clock).calendar();
    const QDateTime started = calendar.toLocal(orphan.journal.startedAtMs);
    const QLocale locale;
    const QString when = started.date() == calendar.localDate(clock.nowUtcMs())
                             ? locale.toString(started.time(), QLocale::ShortFormat)
                             : locale.toString(started, QLocale::ShortFormat);

    QMessageBox box(parent);
    box.setObjectName(u"stopwatchRecovery"_s);
    box.setWindowTitle(RecoveryDialog::tr("Unsaved stopwatch time"));
    box.setIcon(QMessageBox::Question);
    box.setText(RecoveryDialog::tr("Unsaved stopwatch time found: %1 for %2 started %3.")
                    .arg(formatStopwatchTime(orphan.seconds), orphan.patient.mrn, when));
    if (orphan.probablyAlive()) {
        box.setInformativeText(
            RecoveryDialog::tr(
                "It may still be running on workstation %1 (last heartbeat %2 s ago). Saving or "
                "discarding it here ends it there.")
                .arg(orphan.journal.workstation)
                .arg(orphan.heartbeatAgeMs / 1000));
    } else {
        box.setInformativeText(
            RecoveryDialog::tr("The stopwatch did not stop normally. Its time up to the last "
                               "heartbeat can be saved to the patient's record."));
    }
    QPushButton *save = box.addButton(RecoveryDialog::tr("Save"), QMessageBox::AcceptRole);
    save->setObjectName(u"recoverySave"_s);
    QPushButton *discard =
        box.addButton(RecoveryDialog::tr("Discard"), QMessageBox::DestructiveRole);
    discard->setObjectName(u"recoveryDiscard"_s);
    QPushButton *later = box.addButton(RecoveryDialog::tr("Later"), QMessageBox::RejectRole);
    later->setObjectName(u"recoveryLater"_s);
    box.setDefaultButton(orphan.probablyAlive() ? later : save);
    box.setEscapeButton(later);
    box.exec();

    if (box.clickedButton() == save) {
        auto saved = billing::Stopwatch::recover(db, clock, staff, orphan);
        if (!saved) {
            QMessageBox::warning(
                parent, RecoveryDialog::tr("Stopwatch"),
                RecoveryDialog::tr("The time could not be saved:\n%1").arg(saved.error()));
            return RecoveryOutcome::Failed;
        }
        return RecoveryOutcome::Saved;
    }
    if (box.clickedButton() == discard) {
        if (auto s = billing::Stopwatch::discardRecoverable(db, clock, staff, orphan,
                                                            u"discarded at start-up"_s);
            !s) {
            QMessageBox::warning(
                parent, RecoveryDialog::tr("Stopwatch"),
                RecoveryDialog::tr("The time could not be discarded:\n%1").arg(s.error()));
            return RecoveryOutcome::Failed;
        }
        return RecoveryOutcome::Discarded;
    }
    return RecoveryOutcome::Postponed;
}

} // namespace vd::ui
