#pragma once

#include <string_view>

namespace stockroom {

// The one table of error codes. Each maps to the PostgreSQL SQLSTATE a client sees.
#define SR_ERROR_CODES(X)                                                        \
  X(kSuccessfulCompletion, "00000", "successful_completion")                    \
  X(kWarning, "01000", "warning")                                               \
  X(kFeatureNotSupported, "0A000", "feature_not_supported")                     \
  X(kCardinalityViolation, "21000", "cardinality_violation")                    \
  X(kDataException, "22000", "data_exception")                                  \
  X(kStringDataRightTruncation, "22001", "string_data_right_truncation")        \
  X(kNumericValueOutOfRange, "22003", "numeric_value_out_of_range")             \
  X(kInvalidDatetimeFormat, "22007", "invalid_datetime_format")                 \
  X(kDatetimeFieldOverflow, "22008", "datetime_field_overflow")                 \
  X(kIntervalFieldOverflow, "22015", "interval_field_overflow")                 \
  X(kArraySubscriptError, "2202E", "array_subscript_error")                     \
  X(kNullValueNotAllowed, "22004", "null_value_not_allowed")                    \
  X(kSubstringError, "22011", "substring_error")                                \
  X(kInvalidUseOfEscapeCharacter, "2200C", "invalid_use_of_escape_character")   \
  X(kInvalidTimeZoneDisplacement, "22009", "invalid_time_zone_displacement_value") \
  X(kInvalidArgumentForLog, "2201E", "invalid_argument_for_logarithm")          \
  X(kInvalidArgumentForPower, "2201F", "invalid_argument_for_power_function")   \
  X(kInvalidArgumentForNtile, "22014", "invalid_argument_for_ntile_function")   \
  X(kInvalidArgumentForNthValue, "22016", "invalid_argument_for_nth_value_function") \
  X(kInvalidRowCountInLimit, "2201W", "invalid_row_count_in_limit_clause")      \
  X(kInvalidRowCountInOffset, "2201X", "invalid_row_count_in_result_offset_clause") \
  X(kInvalidPrecedingOrFollowingSize, "22013", "invalid_preceding_or_following_size") \
  X(kCharacterNotInRepertoire, "22021", "character_not_in_repertoire")          \
  X(kIndicatorOverflow, "22022", "indicator_overflow")                          \
  X(kInvalidParameterValue, "22023", "invalid_parameter_value")                 \
  X(kDivisionByZero, "22012", "division_by_zero")                               \
  X(kInvalidEscapeSequence, "22025", "invalid_escape_sequence")                 \
  X(kInvalidRegularExpression, "2201B", "invalid_regular_expression")           \
  X(kInvalidTextRepresentation, "22P02", "invalid_text_representation")         \
  X(kBadCopyFileFormat, "22P04", "bad_copy_file_format")                        \
  X(kInvalidJsonText, "22032", "invalid_json_text")                             \
  X(kNotNullViolation, "23502", "not_null_violation")                           \
  X(kUniqueViolation, "23505", "unique_violation")                              \
  X(kInvalidCursorState, "24000", "invalid_cursor_state")                       \
  X(kInvalidTransactionState, "25000", "invalid_transaction_state")             \
  X(kActiveSqlTransaction, "25001", "active_sql_transaction")                   \
  X(kNoActiveSqlTransaction, "25P01", "no_active_sql_transaction")              \
  X(kInFailedSqlTransaction, "25P02", "in_failed_sql_transaction")              \
  X(kInvalidSqlStatementName, "26000", "invalid_sql_statement_name")            \
  X(kInvalidCursorName, "34000", "invalid_cursor_name")                         \
  X(kDuplicateCursor, "42P03", "duplicate_cursor")                              \
  X(kInvalidSchemaName, "3F000", "invalid_schema_name")                         \
  X(kSerializationFailure, "40001", "serialization_failure")                    \
  X(kSyntaxError, "42601", "syntax_error")                                      \
  X(kInsufficientPrivilege, "42501", "insufficient_privilege")                  \
  X(kInvalidGrantOperation, "0LP01", "invalid_grant_operation")                \
  X(kReservedName, "42939", "reserved_name")                                    \
  X(kInvalidCatalogName, "3D000", "invalid_catalog_name")                      \
  X(kGroupingError, "42803", "grouping_error")                                  \
  X(kWindowingError, "42P20", "windowing_error")                                \
  X(kInvalidRecursion, "42P19", "invalid_recursion")                            \
  X(kInvalidForeignKey, "42830", "invalid_foreign_key")                         \
  X(kInvalidName, "42602", "invalid_name")                                      \
  X(kNameTooLong, "42622", "name_too_long")                                     \
  X(kDatatypeMismatch, "42804", "datatype_mismatch")                            \
  X(kWrongObjectType, "42809", "wrong_object_type")                             \
  X(kUndefinedColumn, "42703", "undefined_column")                              \
  X(kUndefinedFunction, "42883", "undefined_function")                          \
  X(kUndefinedTable, "42P01", "undefined_table")                                \
  X(kUndefinedParameter, "42P02", "undefined_parameter")                        \
  X(kDuplicatePreparedStatement, "42P05", "duplicate_prepared_statement")       \
  X(kIndeterminateDatatype, "42P18", "indeterminate_datatype")                  \
  X(kAmbiguousParameter, "42P08", "ambiguous_parameter")                        \
  X(kInvalidBinaryRepresentation, "22P03", "invalid_binary_representation")     \
  X(kUndefinedObject, "42704", "undefined_object")                              \
  X(kDuplicateColumn, "42701", "duplicate_column")                              \
  X(kDuplicateTable, "42P07", "duplicate_table")                                \
  X(kDuplicateSchema, "42P06", "duplicate_schema")                              \
  X(kDuplicateObject, "42710", "duplicate_object")                              \
  X(kDuplicateAlias, "42712", "duplicate_alias")                                \
  X(kAmbiguousColumn, "42702", "ambiguous_column")                              \
  X(kAmbiguousFunction, "42725", "ambiguous_function")                          \
  X(kAmbiguousAlias, "42P09", "ambiguous_alias")                                \
  X(kInvalidColumnReference, "42P10", "invalid_column_reference")               \
  X(kInvalidColumnDefinition, "42611", "invalid_column_definition")             \
  X(kInvalidTableDefinition, "42P16", "invalid_table_definition")               \
  X(kInvalidObjectDefinition, "42P17", "invalid_object_definition")             \
  X(kCannotCoerce, "42846", "cannot_coerce")                                    \
  X(kDependentObjectsStillExist, "2BP01", "dependent_objects_still_exist")      \
  X(kProgramLimitExceeded, "54000", "program_limit_exceeded")                   \
  X(kStatementTooComplex, "54001", "statement_too_complex")                     \
  X(kObjectNotInPrerequisiteState, "55000", "object_not_in_prerequisite_state") \
  X(kObjectInUse, "55006", "object_in_use")                                     \
  X(kLockNotAvailable, "55P03", "lock_not_available")                           \
  X(kOutOfMemory, "53200", "out_of_memory")                                     \
  X(kTooManyConnections, "53300", "too_many_connections")                       \
  X(kDiskFull, "53100", "disk_full")                                            \
  X(kQueryCanceled, "57014", "query_canceled")                                  \
  X(kAdminShutdown, "57P01", "admin_shutdown")                                  \
  X(kIoError, "58030", "io_error")                                              \
  X(kUndefinedFile, "58P01", "undefined_file")                                  \
  X(kConfigFileError, "F0000", "config_file_error")                             \
  X(kProtocolViolation, "08P01", "protocol_violation")                          \
  X(kConnectionException, "08000", "connection_exception")                      \
  X(kSqlClientUnableToEstablishConnection, "08001", "sqlclient_unable_to_establish_sqlconnection") \
  X(kFdwError, "HV000", "fdw_error")                                            \
  X(kInvalidPassword, "28P01", "invalid_password")                              \
  X(kInvalidAuthorization, "28000", "invalid_authorization_specification")      \
  X(kInternalError, "XX000", "internal_error")                                  \
  X(kDataCorrupted, "XX001", "data_corrupted")

enum class ErrorCode {
#define SR_ERROR_ENUM(name, sqlstate, label) name,
  SR_ERROR_CODES(SR_ERROR_ENUM)
#undef SR_ERROR_ENUM
};

// Returns the five-character SQLSTATE of `code`.
std::string_view SqlState(ErrorCode code);
// Returns PostgreSQL's condition name of `code` ("undefined_table").
std::string_view ConditionName(ErrorCode code);

}  // namespace stockroom
