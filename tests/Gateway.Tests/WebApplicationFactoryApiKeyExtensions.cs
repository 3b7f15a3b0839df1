using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FraudActors.Gateway.Tests;

/// <summary>Clients of any host of the API (a node, a cluster silo, a gateway) that present an API key.</summary>
internal static class WebApplicationFactoryApiKeyExtensions
{
    /// <summary>A client presenting <paramref name="apiKey"/> as a bearer token (none when null).</summary>
    public static HttpClient CreateClient<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, string? apiKey)
        where TEntryPoint : class
    {
        var client = factory.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }
}
