#pragma once

#include <QMainWindow>
#include <QTimeZone>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace vd {
class Clock;
}

namespace vd::ui {

class WorklistLoader;
class WorklistModel;

struct PracticeInfo
{
    QString name;
    QTimeZone timeZone;
    QString databasePath;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(PracticeInfo practice, const Clock &clock, QWidget *parent = nullptr);
    ~MainWindow() override;

    WorklistModel *worklistModel() const { return m_model; }
    QTableView *worklistView() const { return m_view; }

public slots:
    void refresh();
    void showAbout();

private:
    void buildMenus();
    void onLoaded(QDate today);
    void updateCount();

    PracticeInfo m_practice;
    const Clock &m_clock;
    WorklistModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    WorklistLoader *m_loader = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_count = nullptr;
};

} // namespace vd::ui
