# Project-wide compile settings live on one INTERFACE target that every VitalDesk
# target links. Nothing here is set globally.
add_library(vitaldesk_common_cfg INTERFACE)
add_library(VitalDesk::common_cfg ALIAS vitaldesk_common_cfg)

target_compile_features(vitaldesk_common_cfg INTERFACE cxx_std_20)
target_compile_definitions(vitaldesk_common_cfg INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    VITALDESK_VERSION="${PROJECT_VERSION}")

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(vitaldesk_common_cfg INTERFACE -Wall -Wextra -Wpedantic)
    if(VITALDESK_WERROR)
        target_compile_options(vitaldesk_common_cfg INTERFACE -Werror)
    endif()
endif()

# vitaldesk_guard_no_qt(<target>): fail the build if <target> links any Qt library.
# Used for the rules library, which must stay standard C++ only.
function(vitaldesk_guard_no_qt target)
    get_target_property(_libs ${target} LINK_LIBRARIES)
    foreach(_lib IN LISTS _libs)
        if(_lib MATCHES "Qt")
            message(FATAL_ERROR "${target} must not link Qt, but links ${_lib}")
        endif()
    endforeach()
endfunction()
