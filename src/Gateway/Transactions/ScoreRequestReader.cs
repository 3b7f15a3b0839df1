using System.Globalization;
using System.Text.Json;
using FraudActors.Gateway.Problems;
using FraudActors.Grains.Interfaces;

namespace FraudActors.Gateway.Transactions;

/// <summary>
/// Parses score requests with <see cref="Utf8JsonReader"/> and validates every field, collecting every error with
/// the path of its field (<c>amount</c>, <c>transactions[3].timestamp</c>) instead of stopping at the first, and
/// refusing unknown or repeated fields: a payments API should not guess.
/// </summary>
internal static class ScoreRequestReader
{
    /// <summary>Reads one request object at the reader's current token; null when it has errors (recorded in <paramref name="errors"/>).</summary>
    public static ScoreRequest? ReadObject(ref Utf8JsonReader reader, string prefix, FieldErrors errors, in ScoreRequestRules rules)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add(prefix.Length == 0 ? "body" : prefix, "must be a JSON object");
            reader.Skip();
            return null;
        }

        var before = errors.Count;
        string? transactionId = null, customerId = null, terminalId = null;
        long? amountCents = null;
        DateTimeOffset? timestamp = null;
        var seen = 0;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = Field.Of(ref reader);
            var path = Path(prefix, field == Field.Unknown ? reader.GetString()! : Field.Name(field));
            reader.Read();
            if (field == Field.Unknown)
            {
                errors.Add(path, "is not a field of a transaction");
                reader.Skip();
                continue;
            }

            if ((seen & (int)field) != 0)
            {
                errors.Add(path, "appears more than once");
                reader.Skip();
                continue;
            }

            seen |= (int)field;
            switch (field)
            {
                case Field.TransactionId:
                    transactionId = ReadId(ref reader, path, errors, rules);
                    break;
                case Field.CustomerId:
                    customerId = ReadId(ref reader, path, errors, rules);
                    break;
                case Field.TerminalId:
                    terminalId = ReadId(ref reader, path, errors, rules);
                    break;
                case Field.Amount:
                    amountCents = ReadAmount(ref reader, path, errors, rules);
                    break;
                case Field.Timestamp:
                    timestamp = ReadTimestamp(ref reader, path, errors, rules);
                    break;
            }
        }

        foreach (var required in Field.All)
        {
            if ((seen & (int)required) == 0)
            {
                errors.Add(Path(prefix, Field.Name(required)), "is required");
            }
        }

        return errors.Count != before
            ? null
            : new ScoreRequest(transactionId!, customerId!, terminalId!, amountCents!.Value, timestamp!.Value);
    }

    private static string Path(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private static string? ReadId(ref Utf8JsonReader reader, string path, FieldErrors errors, in ScoreRequestRules rules)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            errors.Add(path, "must be a string");
            reader.Skip();
            return null;
        }

        var value = reader.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(path, "must not be empty");
            return null;
        }

        if (value.Length > rules.MaxIdLength)
        {
            errors.Add(path, $"must be at most {rules.MaxIdLength} characters long");
            return null;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                errors.Add(path, "must not contain control characters");
                return null;
            }
        }

        return value;
    }

    private static long? ReadAmount(ref Utf8JsonReader reader, string path, FieldErrors errors, in ScoreRequestRules rules)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            errors.Add(path, reader.TokenType == JsonTokenType.String
                ? "must be a JSON number, not a string"
                : "must be a number");
            reader.Skip();
            return null;
        }

        if (!reader.TryGetDecimal(out var amount))
        {
            errors.Add(path, "is not a representable amount");
            return null;
        }

        if (amount < 0)
        {
            errors.Add(path, "must not be negative");
            return null;
        }

        if (amount > rules.MaxAmount)
        {
            errors.Add(path, $"must be at most {rules.MaxAmount.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        var cents = amount * 100m;
        if (cents != decimal.Truncate(cents))
        {
            errors.Add(path, "must have at most two decimal places");
            return null;
        }

        return (long)cents;
    }

    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, string path, FieldErrors errors, in ScoreRequestRules rules)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            errors.Add(path, "must be an ISO 8601 string with a UTC offset");
            reader.Skip();
            return null;
        }

        var text = reader.GetString()!;
        if (!HasExplicitOffset(text)
            || !DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp))
        {
            errors.Add(path, "must be an ISO 8601 date and time with a UTC offset, e.g. 2018-08-08T10:15:00+02:00");
            return null;
        }

        if (timestamp < rules.Earliest)
        {
            errors.Add(path, $"must not be earlier than {rules.Earliest:yyyy-MM-dd'T'HH:mm:ssK}");
            return null;
        }

        if (timestamp > rules.Latest)
        {
            errors.Add(path, "must not lie in the future (beyond the allowed clock skew)");
            return null;
        }

        return timestamp;
    }

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    // 'K' also accepts a missing offset; a timestamp without one is ambiguous, so it is refused here.
    private static bool HasExplicitOffset(string text) =>
        text.Length > 6
        && (text[^1] is 'Z' or 'z'
            || ((text[^6] is '+' or '-') && text[^3] == ':'));

    /// <summary>The fields of a transaction, as bits so repeats are caught cheaply.</summary>
    private static class Field
    {
        public const int Unknown = 0;
        public const int TransactionId = 1;
        public const int CustomerId = 2;
        public const int TerminalId = 4;
        public const int Amount = 8;
        public const int Timestamp = 16;

        public static readonly int[] All = [TransactionId, CustomerId, TerminalId, Amount, Timestamp];

        public static int Of(ref Utf8JsonReader reader) =>
            reader.ValueTextEquals("transactionId"u8) ? TransactionId
            : reader.ValueTextEquals("customerId"u8) ? CustomerId
            : reader.ValueTextEquals("terminalId"u8) ? TerminalId
            : reader.ValueTextEquals("amount"u8) ? Amount
            : reader.ValueTextEquals("timestamp"u8) ? Timestamp
            : Unknown;

        public static string Name(int field) => field switch
        {
            TransactionId => "transactionId",
            CustomerId => "customerId",
            TerminalId => "terminalId",
            Amount => "amount",
            _ => "timestamp",
        };
    }
}
