#include "uistyle.h"

#include <QLabel>

namespace vd::ui {

QLabel *makeHeading(QWidget *parent, const QString &objectName, qreal scale)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace vd::ui
