using System.Globalization;
using MedPayIQ.Pricing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedPayIQ.Hosting;

/// <summary>
/// Reports the current snapshot: its generation, each release offered with its provenance when loaded (origin and
/// PPRRVU sha256), the NCCI tables, and the cache. Unhealthy before the first snapshot or with no release; degraded
/// while a release or NCCI folder fails to load (the previous snapshot serving).
/// </summary>
internal sealed class MedPayIQHealthCheck(MedPayIQService service) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!service.Started)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("MedPayIQ has not loaded its first snapshot."));
        }

        var snapshot = service.Current;
        var data = new Dictionary<string, object>
        {
            ["snapshot"] = snapshot.Generation,
            ["publishedAt"] = snapshot.PublishedAt.ToString("O", CultureInfo.InvariantCulture),
            ["releases"] = snapshot.Releases.Select(r => r.Id.ToString()).ToArray(),
        };
        int loaded = 0;
        foreach (var source in snapshot.Releases)
        {
            if (service.Cache.Resident(source) is { } release)
            {
                loaded++;
                var r = release.Release;
                var lent = r.Provenance.Notes.Where(n => n.Contains(" is taken from ", StringComparison.Ordinal)).ToArray();
                var lacking = new[] { FeeScheduleFileKind.Gpci, FeeScheduleFileKind.LocalityCounties, FeeScheduleFileKind.Anesthesia, FeeScheduleFileKind.OppsCap, FeeScheduleFileKind.Zip5 }
                    .Where(k => !r.Provenance.Files.Any(f => f.Kind == k)).ToArray();
                data["release:" + source.Id] = $"loaded from {r.Provenance.Origin}{(source.Kind == ReleaseSourceKind.Packaged ? "" : $" (files {source.Fingerprint[..Math.Min(12, source.Fingerprint.Length)]})")}; PPRRVU sha256 {r.RvuFileSha256}; about {release.Bytes} bytes in memory"
                    + (lent.Length > 0 ? "; " + string.Join(" ", lent) : "")
                    + (lacking.Length > 0 ? $"; no {string.Join(", ", lacking)} file in it or in any source of {source.Id.Year}" : "");
                if (service.Warnings(source) is { IsEmpty: false } warnings)
                {
                    data["warnings:" + source.Id] = warnings.ToArray();
                }
            }
            else
            {
                data["release:" + source.Id] = $"offered from {source.Location}; not loaded";
            }
        }

        data["ncci"] = snapshot.Ncci.Tables.Select(t => $"{t.Source} sha256 {t.Source.Sha256}").ToArray();
        if (service.Cache.Statistics is { } stats)
        {
            data["cache.entries"] = stats.CurrentEntryCount;
            data["cache.bytes"] = stats.CurrentEstimatedSize ?? 0L;
        }

        data["cache.limitBytes"] = service.Cache.SizeLimit;
        var problems = service.Problems;
        string summary = string.Create(CultureInfo.InvariantCulture, $"Snapshot {snapshot.Generation}: {snapshot.Releases.Length} releases offered, {loaded} loaded");
        if (snapshot.Releases.IsEmpty)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(summary + "; no fee schedule release to price with.", data: data));
        }

        if (!problems.IsEmpty)
        {
            data["problems"] = problems.ToArray();
            return Task.FromResult(HealthCheckResult.Degraded(summary + ". " + string.Join(" ", problems), data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(summary + ".", data));
    }
}
