#pragma once

#include "store/records.h"

class QWidget;

namespace vd {
class Clock;
class Database;
} // namespace vd

namespace vd::ui {

enum class RecoveryOutcome
{
    NothingToRecover,
    Saved,
    Discarded,
    Postponed, // "Later": the journal stays; no new stopwatch can start until resolved
    Failed     // the user was told why
};

// Offers the time of a stopwatch that never stopped cleanly (crash, kill, power cut):
// "Unsaved stopwatch time found: 12:34 for MRN-000123 started 14:02" with Save, Discard
// and Later. Saving stores the time up to the last heartbeat. Call it at start-up once
// the staff member is known (StopwatchWidget also calls it before starting a stopwatch).
// The message box is modal, objectName "stopwatchRecovery"; its buttons are
// "recoverySave", "recoveryDiscard" and "recoveryLater".
RecoveryOutcome offerStopwatchRecovery(QWidget *parent, Database &db, const Clock &clock,
                                       StaffId staff);

} // namespace vd::ui
