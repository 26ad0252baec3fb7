using MedPayIQ.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MedPayIQ.AspNetCore.Tests;

/// <summary>
/// The MedPayIQ API (RVU25D, its endpoints and OpenAPI document) on a host the tests start: the ASP.NET Core test
/// server, or Kestrel on a free local port; <see cref="Http"/> is a client of it. Disposing it stops the host.
/// </summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, HttpClient http) => (_app, Http) = (app, http);

    /// <summary>A client of the host.</summary>
    public HttpClient Http { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the API.</summary>
    /// <param name="kestrel">Kestrel on 127.0.0.1 and a free port, rather than the test server.</param>
    /// <param name="api">The API's options (its limits), or <c>null</c> for the defaults.</param>
    public static async Task<ApiHost> StartAsync(bool kestrel, Action<MedPayIQApiOptions>? api = null)
    {
        var builder = WebApplication.CreateBuilder();
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        builder.Services.AddMedPayIQ(o => o.Releases.Add("RVU25D"));
        builder.Services.AddMedPayIQApi(api);
        var app = builder.Build();
        app.MapMedPayIQ();
        app.MapOpenApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var http = kestrel
            ? new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) }
            : app.GetTestClient();
        return new ApiHost(app, http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }
}

/// <summary>Tests of the API on the test server, started anew for each test with the API options given.</summary>
/// <param name="api">The API's options (its limits).</param>
public abstract class ApiHostTests(Action<MedPayIQApiOptions> api) : IAsyncLifetime
{
    private ApiHost? _host;

    /// <summary>A client of the test server.</summary>
    private protected HttpClient Http => _host!.Http;

    /// <summary>The test server's services.</summary>
    private protected IServiceProvider Services => _host!.Services;

    public async ValueTask InitializeAsync() => _host = await ApiHost.StartAsync(kestrel: false, api);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
