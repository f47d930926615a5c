#pragma once

#include <optional>

#include <QDate>
#include <QString>
#include <QStringList>

// Plain records as stored. Identifiers are database ids (0 = not stored yet). Instants
// are UTC epoch milliseconds; calendar dates are QDate.
namespace vd {

using StaffId = qint64;
using PatientId = qint64;

// Staff credentials: RN LPN MA MD DO NP PA CNS CNM MANAGER ADMIN BILLER.
struct StaffMember
{
    StaffId id = 0;
    QString displayName;
    QString credential;
    QString npi;      // required for practitioners (MD DO NP PA CNS CNM)
    QString username; // sign-in name; empty until accounts exist
    bool active = true;
};

struct Patient
{
    PatientId id = 0;
    QString mrn;
    QString familyName;
    QString givenName;
    QDate birthDate;
    QString sex; // female | male | other | unknown | empty
    QString phone;
    QString timeZone; // IANA id; empty = the practice's

    QString displayName() const { return familyName + QStringLiteral(", ") + givenName; }
};

struct Episode
{
    qint64 id = 0;
    PatientId patientId = 0;
    QString program = QStringLiteral("RPM"); // RPM | RTM | CCM
    QDate monitoringStart;
    QDate monitoringEnd; // null while active
    QDate orderDate;
    StaffId orderingStaffId = 0;
    StaffId billingStaffId = 0;
    QDate consentDate;     // null = no consent on file
    QString consentMethod; // verbal | written | electronic
    StaffId consentObtainedBy = 0;
    QString establishedEvidence; // e.g. "office visit 2025-11-03"
    QString setupNote;
    QStringList conditions; // ICD-10 codes

    bool hasConsent() const { return consentDate.isValid(); }
    bool isActiveOn(QDate day) const
    {
        return monitoringStart.isValid() && day >= monitoringStart &&
               (!monitoringEnd.isValid() || day <= monitoringEnd);
    }
};

// Device kinds: bp_monitor scale glucometer pulse_oximeter thermometer other.
struct Device
{
    qint64 id = 0;
    PatientId patientId = 0;
    QString kind;
    QString model;
    QString serial;
    bool fdaCleared = true;
    bool autoTransmit = true;
    QDate assignedOn;
    QDate returnedOn;
};

// Reading kinds: bp heart_rate weight glucose spo2 temperature respiratory_rate (physiologic)
// and battery signal (technical). Units are canonical: mm[Hg], /min, kg, mg/dL, %, Cel.
struct Reading
{
    qint64 id = 0;
    PatientId patientId = 0;
    qint64 deviceId = 0; // 0 = none
    QString kind;
    double value1 = 0;
    std::optional<double> value2; // diastolic for bp
    QString unit;
    qint64 takenAtMs = 0;
    QString source = QStringLiteral("device"); // device | manual
    QString externalSource;
    QString externalId;
    qint64 batchId = 0;
};

// Time spent on a patient. Never updated in place: an edit is a new row that amends the
// previous one (amendsId), a deletion is an amending row with voided = true.
struct TimeEntry
{
    qint64 id = 0;
    PatientId patientId = 0;
    StaffId staffId = 0;
    qint64 startedAtMs = 0;
    int seconds = 0;
    QString activity =
        QStringLiteral("data_review");        // data_review call care_plan
                                              // care_coordination documentation education other
    QString program = QStringLiteral("RPM");  // RPM RTM CCM PCM TCM BHI
    QString method = QStringLiteral("timer"); // timer | manual
    QString note;
    QString manualReason;
    qint64 amendsId = 0;
    bool voided = false;
    QString amendReason;
    qint64 createdAtMs = 0;
    StaffId createdBy = 0;
};

// A contact with the patient or a caregiver. Amended like TimeEntry.
struct Contact
{
    qint64 id = 0;
    PatientId patientId = 0;
    StaffId staffId = 0;
    qint64 startedAtMs = 0;
    int seconds = 0;
    QString mode = QStringLiteral("phone"); // phone video sms portal email voicemail automated
    QString counterpart = QStringLiteral("patient"); // patient | caregiver
    bool connected = false;
    QString summary;
    QString treatmentChanges;
    qint64 timeEntryId = 0;
    qint64 amendsId = 0;
    bool voided = false;
    QString amendReason;
    qint64 createdAtMs = 0;
    StaffId createdBy = 0;
};

} // namespace vd
