using System.Text.Json;
using FraudActors.Gateway.Problems;
using FraudActors.Grains.Interfaces;

namespace FraudActors.Gateway.Transactions;

/// <summary>Parses <c>{"transactions": [ … ]}</c>; any invalid item rejects the whole batch, so nothing is half-scored.</summary>
internal static class ScoreBatchReader
{
    public static List<ScoreRequest>? Read(ref Utf8JsonReader reader, FieldErrors errors, in ScoreRequestRules rules, int maxBatchSize)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add("body", "must be a JSON object with a \"transactions\" array");
            return null;
        }

        List<ScoreRequest>? requests = null;
        var seenTransactions = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (!reader.ValueTextEquals("transactions"u8))
            {
                var name = reader.GetString()!;
                reader.Read();
                reader.Skip();
                errors.Add(name, "is not a field of a batch");
                continue;
            }

            reader.Read();
            if (seenTransactions)
            {
                errors.Add("transactions", "appears more than once");
                reader.Skip();
                continue;
            }

            seenTransactions = true;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                errors.Add("transactions", "must be an array");
                reader.Skip();
                continue;
            }

            requests = [];
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (index == maxBatchSize)
                {
                    errors.Add("transactions", $"must hold at most {maxBatchSize} transactions");
                    return null;
                }

                var request = ScoreRequestReader.ReadObject(ref reader, $"transactions[{index}]", errors, rules);
                if (request is not null)
                {
                    requests.Add(request);
                }

                index++;
            }

            if (index == 0)
            {
                errors.Add("transactions", "must hold at least one transaction");
            }
        }

        if (!seenTransactions)
        {
            errors.Add("transactions", "is required");
        }

        return errors.Any ? null : requests;
    }
}
