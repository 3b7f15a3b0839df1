using System.Globalization;
using FraudActors.Gateway.Problems;
using Microsoft.AspNetCore.Http;

namespace FraudActors.Gateway.Admin;

/// <summary>
/// The <c>days</c> query parameter of the admin reports, read by hand rather than bound as <c>int?</c>: a bound
/// parameter's failure is a bare 400 that names nothing.
/// </summary>
internal static class DaysQuery
{
    /// <summary>The days asked for, or <paramref name="defaultDays"/> when none are; an error on <c>days</c> otherwise.</summary>
    public static int Read(HttpRequest request, int defaultDays, int min, int max, FieldErrors errors)
    {
        var days = defaultDays;
        var query = request.Query["days"];
        if (query.Count > 1)
        {
            errors.Add("days", "must be given once");
        }
        else if (query.Count == 1 && !int.TryParse(query[0], NumberStyles.None, CultureInfo.InvariantCulture, out days))
        {
            errors.Add("days", $"must be a whole number of days from {min} to {max}");
        }
        else if (days < min || days > max)
        {
            errors.Add("days", $"must be from {min} to {max}");
        }

        return days;
    }
}
