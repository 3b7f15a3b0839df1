using System.Text.Json;
using System.Text.Json.Serialization;

namespace FraudActors.Gateway.Admin;

/// <summary>JSON of the admin API: camelCase, enums as kebab-case words (champion-only, canary, shadow).</summary>
internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
