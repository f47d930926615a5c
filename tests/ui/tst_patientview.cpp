#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTabWidget>
#include <QtTest>

#include "fakeclock.h"
#include "practicebuilder.h"
#include "store/timerepository.h"
#include "tempdatabase.h"
#include "ui/calldialog.h"
#include "ui/manualtimedialog.h"
#include "ui/patientview.h"

using namespace Qt::Literals::StringLiterals;

namespace {

// Runs `answer` on the next modal dialog of type T once it is shown.
template<typename T>
void whenShown(std::function<void(T *)> answer)
{
    QTimer::singleShot(0, [answer] {
        T *dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<T *>(QApplication::activeModalWidget())));
        answer(dialog);
    });
}

} // namespace

class TestPatientView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void headerAndMonthComeFromTheStore();
    void callDialogSaysWhatCounts_data();
    void callDialogSaysWhatCounts();
    void loggedCallAddsItsMinutesOnce();
    void callDuringARunningStopwatchAddsNoMinutes();
    void manualTimeNeedsAReason();
    void correctionsAndDeletionsAreAmendments();
    void layoutFitsA1366x768Screen();

private:
    QString text(const QString &objectName) const
    {
        auto *label = m_view->findChild<QLabel *>(objectName);
        return label ? label->text() : QString();
    }
    std::vector<vd::TimeEntry> entries() const
    {
        return *vd::TimeRepository(m_temp->connection(), m_clock)
                    .effectiveEntries(m_patient, {0, m_clock.nowUtcMs() + 1});
    }

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    std::unique_ptr<vd::test::PracticeBuilder> m_practice;
    std::unique_ptr<vd::ui::PatientView> m_view;
    vd::PatientId m_patient = 0;
};

void TestPatientView::init()
{
    m_clock.setNowUtc(QDateTime(QDate(2026, 3, 20), QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY(m_temp->isValid());
    m_practice = std::make_unique<vd::test::PracticeBuilder>(m_temp->db(), m_clock);
    m_patient = m_practice->addEnrolledPatient(u"MRN-77"_s, u"Garcia"_s, QDate(2026, 1, 10));
    m_practice->addDailyReadings(m_patient, QDate(2026, 3, 11), QDate(2026, 3, 20));
    m_practice->addTime(m_patient, QDate(2026, 3, 2), QTime(9, 0), 14 * 60);
    m_view = std::make_unique<vd::ui::PatientView>(m_temp->db(), m_clock, m_practice->nurse(),
                                                   QTimeZone("America/New_York"));
    m_view->resize(1366, 700);
    m_view->openPatient(m_patient);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestPatientView::cleanup()
{
    m_view.reset();
    m_practice.reset();
    m_temp.reset();
}

void TestPatientView::headerAndMonthComeFromTheStore()
{
    QCOMPARE(text(u"patientName"_s), u"Garcia, Test"_s);
    QVERIFY(text(u"patientDemographics"_s).contains(u"MRN-77"_s));
    QVERIFY(text(u"patientDemographics"_s).contains(u"28 y"_s) == false); // born 1948
    QVERIFY(text(u"patientDemographics"_s).contains(u"78 y"_s));
    QVERIFY(text(u"patientEnrolment"_s).contains(u"I10"_s));
    QVERIFY(text(u"patientEnrolment"_s).contains(u"verbal"_s));
    QVERIFY(text(u"patientDevices"_s).contains(u"BP monitor"_s));
    QVERIFY(text(u"patientMonth"_s).contains(u"14:00"_s));
    QVERIFY(text(u"patientMonth"_s).contains(u"not yet"_s)); // no live call
    QVERIFY(text(u"patientMonth"_s).contains(u"Device days 10 of 16"_s));
    QVERIFY2(text(u"patientReasons"_s).contains(u"99457"_s), qPrintable(text(u"patientReasons"_s)));
    QCOMPARE(m_view->findChild<QTableView *>(u"timeLogView"_s)->model()->rowCount(), 1);
}

void TestPatientView::callDialogSaysWhatCounts_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("connected");
    QTest::addColumn<bool>("counts");
    QTest::addRow("connected phone call") << u"phone"_s << true << true;
    QTest::addRow("connected video call") << u"video"_s << true << true;
    QTest::addRow("attempted phone call") << u"phone"_s << false << false;
    QTest::addRow("voicemail") << u"voicemail"_s << true << false;
    QTest::addRow("SMS") << u"sms"_s << true << false;
    QTest::addRow("portal message") << u"portal"_s << true << false;
    QTest::addRow("e-mail") << u"email"_s << true << false;
}

void TestPatientView::callDialogSaysWhatCounts()
{
    QFETCH(QString, mode);
    QFETCH(bool, connected);
    QFETCH(bool, counts);
    vd::ui::CallDialog dialog(QTimeZone("America/New_York"), m_clock.nowUtc(), -1);
    auto *modeBox = dialog.findChild<QComboBox *>(u"callMode"_s);
    modeBox->setCurrentIndex(modeBox->findData(mode));
    auto *connectedBox = dialog.findChild<QCheckBox *>(u"callConnected"_s);
    if (connectedBox->isEnabled())
        connectedBox->setChecked(connected);
    QCOMPARE(dialog.countsAsInteractive(), counts);
    QCOMPARE(dialog.verdict().startsWith(u"✔"_s), counts);
    QCOMPARE(dialog.contact().connected, connected && (mode == u"phone"_s || mode == u"video"_s));
}

void TestPatientView::loggedCallAddsItsMinutesOnce()
{
    whenShown<vd::ui::CallDialog>([](vd::ui::CallDialog *d) {
        d->findChild<QSpinBox *>(u"callMinutes"_s)->setValue(6);
        d->findChild<QDialogButtonBox *>(u"callButtons"_s)->button(QDialogButtonBox::Save)->click();
    });
    QTest::mouseClick(m_view->findChild<QPushButton *>(u"logCallButton"_s), Qt::LeftButton);

    // 14:00 before + 6:00 call = 20:00 with a live call: 99457.
    QTRY_VERIFY(text(u"patientMonth"_s).contains(u"20:00"_s));
    QVERIFY(!text(u"patientMonth"_s).contains(u"not yet"_s));
    QVERIFY2(text(u"patientMonth"_s).contains(u"99457"_s), qPrintable(text(u"patientMonth"_s)));
    QCOMPARE(entries().size(), size_t(2));
    auto contacts = vd::TimeRepository(m_temp->connection(), m_clock)
                        .effectiveContacts(m_patient, {0, m_clock.nowUtcMs() + 1});
    QCOMPARE(contacts->size(), size_t(1));
    QVERIFY(contacts->front().timeEntryId > 0);
    QCOMPARE(m_view->findChild<QTableView *>(u"timeLogView"_s)->model()->rowCount(), 3);
}

void TestPatientView::callDuringARunningStopwatchAddsNoMinutes()
{
    connect(m_view.get(), &vd::ui::PatientView::stopwatchSecondsRequested, this,
            [](int *seconds) { *seconds = 240; });
    whenShown<vd::ui::CallDialog>([](vd::ui::CallDialog *d) {
        QCOMPARE(d->findChild<QSpinBox *>(u"callMinutes"_s)->value(), 4);
        QVERIFY(!d->addsTime());
        d->findChild<QDialogButtonBox *>(u"callButtons"_s)->button(QDialogButtonBox::Save)->click();
    });
    QTest::mouseClick(m_view->findChild<QPushButton *>(u"logCallButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!text(u"patientMonth"_s).contains(u"not yet"_s));
    QVERIFY(text(u"patientMonth"_s).contains(u"14:00"_s)); // minutes unchanged
    QCOMPARE(entries().size(), size_t(1));
}

void TestPatientView::manualTimeNeedsAReason()
{
    whenShown<vd::ui::ManualTimeDialog>([](vd::ui::ManualTimeDialog *d) {
        auto *save = d->findChild<QPushButton *>(u"manualSave"_s);
        QVERIFY(!save->isEnabled());
        QVERIFY(d->findChild<QLabel *>(u"manualError"_s)->text().contains(u"Reason"_s));
        d->findChild<QLineEdit *>(u"manualReason"_s)->setText(u"phone call from home"_s);
        d->findChild<QSpinBox *>(u"manualMinutes"_s)->setValue(7);
        QVERIFY(save->isEnabled());
        save->click();
    });
    QTest::mouseClick(m_view->findChild<QPushButton *>(u"manualTimeButton"_s), Qt::LeftButton);
    QTRY_COMPARE(entries().size(), size_t(2));
    bool found = false;
    for (const auto &e : entries())
        found |= e.method == u"manual"_s && e.seconds == 420 &&
                 e.manualReason == u"phone call from home"_s;
    QVERIFY(found);
    QVERIFY(text(u"patientMonth"_s).contains(u"21:00"_s));
}

void TestPatientView::correctionsAndDeletionsAreAmendments()
{
    auto *view = m_view->findChild<QTableView *>(u"timeLogView"_s);
    view->selectRow(0);
    const qint64 originalId = entries().front().id;

    whenShown<vd::ui::ManualTimeDialog>([](vd::ui::ManualTimeDialog *d) {
        d->findChild<QSpinBox *>(u"manualMinutes"_s)->setValue(16);
        d->findChild<QLineEdit *>(u"manualReason"_s)->setText(u"timer stopped late"_s);
        d->findChild<QPushButton *>(u"manualSave"_s)->click();
    });
    QTest::mouseClick(m_view->findChild<QPushButton *>(u"correctEntryButton"_s), Qt::LeftButton);
    QTRY_VERIFY(text(u"patientMonth"_s).contains(u"16:00"_s));
    const auto corrected = entries();
    QCOMPARE(corrected.size(), size_t(1));
    QCOMPARE(corrected.front().amendsId, originalId);
    QCOMPARE(corrected.front().method, u"timer"_s); // keeps how it was captured
    auto history =
        vd::TimeRepository(m_temp->connection(), m_clock).entryHistory(corrected.front().id);
    QCOMPARE(history->size(), size_t(2));
    QCOMPARE(history->back().seconds, 14 * 60);

    view->selectRow(0);
    QTimer::singleShot(0, [] {
        QInputDialog *input = nullptr;
        QTRY_VERIFY((input = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())));
        input->setTextValue(u"logged on the wrong patient"_s);
        input->accept();
    });
    QTest::mouseClick(m_view->findChild<QPushButton *>(u"deleteEntryButton"_s), Qt::LeftButton);
    QTRY_VERIFY(entries().empty());
    QVERIFY(text(u"patientMonth"_s).contains(u"0:00"_s));
}

void TestPatientView::layoutFitsA1366x768Screen()
{
    m_view->resize(1366, 768 - 60); // minus title bar, menu and status bar
    QCoreApplication::processEvents();
    const QSize minimum = m_view->minimumSizeHint();
    QVERIFY2(minimum.width() <= 1366 && minimum.height() <= 708,
             qPrintable(u"%1x%2"_s.arg(minimum.width()).arg(minimum.height())));
    const auto checkFullyShown = [this](const QStringList &names) {
        for (const QString &name : names) {
            auto *widget = m_view->findChild<QWidget *>(name);
            QVERIFY2(widget, qPrintable(name));
            QVERIFY2(widget->isVisible(), qPrintable(name));
            const QRect inView(widget->mapTo(m_view.get(), QPoint(0, 0)), widget->size());
            QVERIFY2(m_view->rect().contains(inView), qPrintable(name));
            QVERIFY2(widget->width() >= widget->minimumSizeHint().width(), qPrintable(name));
        }
    };
    const auto save = [this](const QString &name) {
        const QImage shot = m_view->grab().toImage();
        QVERIFY(!shot.isNull());
        if (qEnvironmentVariableIsSet("VITALDESK_SCREENSHOT_DIR"))
            shot.save(qEnvironmentVariable("VITALDESK_SCREENSHOT_DIR") + u'/' + name);
    };
    auto *tabs = m_view->findChild<QTabWidget *>(u"patientTabs"_s);
    QCOMPARE(tabs->currentIndex(), 0); // vitals first
    checkFullyShown({u"backToWorklist"_s, u"kindBloodPressure"_s, u"kindTemperature"_s,
                     u"range7Days"_s, u"range1Year"_s, u"rangeCustom"_s, u"resetZoom"_s});
    save(u"patientview-vitals.png"_s);
    tabs->setCurrentIndex(1);
    checkFullyShown({u"logCallButton"_s, u"manualTimeButton"_s, u"correctEntryButton"_s,
                     u"deleteEntryButton"_s});
    save(u"patientview-time.png"_s);
}

QTEST_MAIN(TestPatientView)
#include "tst_patientview.moc"
