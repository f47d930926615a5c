#pragma once

#include <memory>
#include <optional>

#include <QDialog>
#include <QFutureWatcher>
#include <QTimer>

#include "billing/readingimport.h"
#include "store/records.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace vd {
class Clock;
}

namespace vd::ui {

// File ▸ Import readings: pick FHIR R4 (JSON, Bundle, NDJSON) or CSV files, import them on
// a worker thread with its own database connection, follow the progress, cancel (nothing
// is written), and read the outcome: counts, skip and rejection reasons, warnings, alerts.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    ImportDialog(QString databasePath, const Clock &clock, StaffId user, QWidget *parent = nullptr);
    ~ImportDialog() override; // cancels and waits for a running import

    void addFiles(const QStringList &paths);
    QStringList files() const;
    bool isRunning() const;
    // The outcome of the last import; empty before one finished or when it failed to run.
    const std::optional<billing::ImportSummary> &summary() const { return m_summary; }
    QString resultText() const; // the result panel as plain text

public slots:
    void chooseFiles();
    void start();
    void cancel();
    void reject() override; // Esc / Close: cancels a running import, closes once it stopped

signals:
    // An import ended; committed = readings (and alerts) were stored.
    void importFinished(bool committed);

private:
    struct Progress;
    struct Outcome
    {
        std::optional<billing::ImportSummary> summary;
        QString error;
        qint64 noDataAlerts = 0;
    };

    void pollProgress();
    void onFinished();
    void showOutcome(const Outcome &outcome);
    void updateButtons();

    QString m_path;
    const Clock &m_clock;
    StaffId m_user;
    std::shared_ptr<Progress> m_progress;
    QFutureWatcher<Outcome> m_watcher;
    QTimer m_poll;
    std::optional<billing::ImportSummary> m_summary;
    bool m_closeWhenDone = false;

    QListWidget *m_files = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLineEdit *m_patient = nullptr;
    QComboBox *m_source = nullptr;
    QCheckBox *m_partial = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_status = nullptr;
    QTextBrowser *m_result = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace vd::ui
