using Microsoft.Extensions.Hosting;

namespace MedPayIQ.Hosting;

/// <summary>Starts the service with the host (the first snapshot is in place before the host serves a request) and stops its watching.</summary>
internal sealed class MedPayIQHostedService(MedPayIQService service) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => service.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => service.StopAsync(cancellationToken);
}
