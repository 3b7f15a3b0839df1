using FraudActors.Gateway.Problems;
using Microsoft.AspNetCore.Http;

namespace FraudActors.Gateway.Transactions;

/// <summary>Validation of ids taken from the URL, with the same rules as ids in bodies.</summary>
internal static class RouteIds
{
    public static IResult? Validate(string field, string value, int maxLength)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "must not be empty");
        }
        else if (value.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters long");
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(field, "must not contain control characters");
        }

        return errors.Any ? Problems.Problems.Validation(errors) : null;
    }
}
