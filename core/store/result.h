#pragma once

#include <utility>
#include <variant>

#include <QString>

namespace vd {

// The reason an operation failed, in words a user can act on (names the file, line,
// field or record). Never contains patient data when it may end up in a log.
struct Error
{
    QString message;
};

// A value or the reason there is none (std::expected is C++23).
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {}
    Result(Error error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_state); }
    const T &value() const & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }

    // Empty when ok(), so it can be passed to assertions and log lines unconditionally.
    QString error() const
    {
        const Error *e = std::get_if<Error>(&m_state);
        return e ? e->message : QString();
    }

private:
    std::variant<T, Error> m_state;
};

// Success or the reason for failure, for operations that return nothing.
using Status = Result<std::monostate>;

inline Status success()
{
    return Status(std::monostate{});
}

inline Error fail(QString message)
{
    return Error{std::move(message)};
}

} // namespace vd
