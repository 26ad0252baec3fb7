using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace MedPayIQ.Hosting;

/// <summary>Registers MedPayIQ with a service collection.</summary>
public static class MedPayIQServiceCollectionExtensions
{
    /// <summary>
    /// Adds MedPayIQ: <see cref="MedPayIQService"/> (a singleton, started with the host), <see cref="MedPayIQOptions"/>
    /// bound from the <c>MedPayIQ</c> configuration section and validated at start, and <see cref="TimeProvider.System"/>
    /// unless a clock is registered. Pricing and NCCI checking both come from the one service.
    /// </summary>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddMedPayIQ(this IServiceCollection services) => services.AddMedPayIQ(static _ => { });

    /// <summary>Adds MedPayIQ (see <see cref="AddMedPayIQ(IServiceCollection)"/>) with settings applied after the <c>MedPayIQ</c> configuration section.</summary>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddMedPayIQ(this IServiceCollection services, Action<MedPayIQOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (!services.Any(d => d.ServiceType == typeof(SectionBinding)))
        {
            // Once however often this is called: binding twice would append the configured releases twice.
            services.AddSingleton<SectionBinding>();
            services.AddSingleton<IConfigureOptions<MedPayIQOptions>>(sp => new ConfigureNamedOptions<MedPayIQOptions>(Options.DefaultName, options =>
                sp.GetService<IConfiguration>()?.GetSection(MedPayIQOptions.SectionName).Bind(options)));
            services.AddSingleton<IOptionsChangeTokenSource<MedPayIQOptions>>(sp => new SectionChangeTokenSource(sp.GetService<IConfiguration>()));
        }

        return services.AddMedPayIQCore(configure);
    }

    /// <summary>Adds MedPayIQ (see <see cref="AddMedPayIQ(IServiceCollection)"/>) with its settings bound from <paramref name="configuration"/> (a section laid out as <c>MedPayIQ</c> is).</summary>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddMedPayIQ(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IConfigureOptions<MedPayIQOptions>>(new ConfigureNamedOptions<MedPayIQOptions>(Options.DefaultName, options => configuration.Bind(options)));
        services.AddSingleton<IOptionsChangeTokenSource<MedPayIQOptions>>(new ConfigurationChangeTokenSource<MedPayIQOptions>(configuration));
        return services.AddMedPayIQCore(static _ => { });
    }

    private static IServiceCollection AddMedPayIQCore(this IServiceCollection services, Action<MedPayIQOptions> configure)
    {
        services.AddOptions<MedPayIQOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MedPayIQOptions>, MedPayIQOptionsRangeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MedPayIQOptions>, MedPayIQOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new MedPayIQService(
            sp.GetRequiredService<IOptionsMonitor<MedPayIQOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MedPayIQHostedService>());
        return services;
    }

    /// <summary>Adds the <c>medpayiq</c> health check: the releases of the current snapshot and their provenance (see <see cref="MedPayIQService"/>).</summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddMedPayIQ(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(MedPayIQDiagnostics.HealthCheckName, sp => new MedPayIQHealthCheck(sp.GetRequiredService<MedPayIQService>()), failureStatus: null, tags: ["medpayiq"]));
    }

    /// <summary>Marks the binding of the <c>MedPayIQ</c> section as registered.</summary>
    private sealed class SectionBinding;

    /// <summary>Options follow the <c>MedPayIQ</c> section when the app has a configuration, and never change when it has none.</summary>
    private sealed class SectionChangeTokenSource(IConfiguration? configuration) : IOptionsChangeTokenSource<MedPayIQOptions>
    {
        public string Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => configuration?.GetReloadToken() ?? NeverChanges.Instance;
    }

    private sealed class NeverChanges : IChangeToken
    {
        public static readonly NeverChanges Instance = new();

        public bool HasChanged => false;

        public bool ActiveChangeCallbacks => false;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => EmptyDisposable.Instance;
    }

    private sealed class EmptyDisposable : IDisposable
    {
        public static readonly EmptyDisposable Instance = new();

        public void Dispose()
        {
        }
    }
}
