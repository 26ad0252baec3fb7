using System.Collections.Immutable;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Hosting;

/// <summary>How the service loads the other Part B schedules' files of the releases folder.</summary>
public sealed partial class MedPayIQService
{
    private readonly Dictionary<string, (string Fingerprint, string Message)> _failedSchedules = []; // under the reload gate
    private Dictionary<string, string> _lastSeenSchedules = [];                                        // path -> fingerprint, under the reload gate

    /// <summary>
    /// Why a schedule file is refused though it loaded: fewer rows than <see cref="PackagedFeeSchedules.ScheduleMinimumRowShare"/>
    /// (lowered to <see cref="ReleaseAdmissionOptions.MinimumRowShare"/> when that is lower) of the smallest packaged
    /// schedule of its kind, as <c>medpayiq data add</c> refuses it; <c>null</c> when admitted.
    /// </summary>
    private static string? CutShort(QuarterlySchedule schedule, MedPayIQOptions options)
    {
        decimal share = Math.Min(PackagedFeeSchedules.ScheduleMinimumRowShare, options.Admission.MinimumRowShare);
        int rows = schedule.RowCount;
        return PackagedFeeSchedules.SmallestPackagedRows(schedule) is { } least && rows < least * share
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"it has {rows:N0} rows where the smallest packaged file of its kind has {least:N0}: it looks cut short (a download or copy not finished).")
            : null;
    }

    /// <summary>
    /// The other Part B schedules: the packaged ones (with the packaged releases) and the releases folder's CLFS, DMEPOS,
    /// PEN, DMEPOS ZIP code, former-CBA and ASP files (<see cref="ReleaseFolder.FindSchedules"/>), each loaded once per
    /// version of the file. A watched file new or changed since the last poll waits until a poll sees it unchanged (it may
    /// still be being copied), the copy loaded before serving meanwhile. A file that does not load is said in the
    /// problems (again at each reload while it is there unchanged, not loaded again); the copy of it loaded before keeps
    /// serving, else it is not offered.
    /// </summary>
    private ScheduleSet LoadSchedules(MedPayIQOptions options, MedPayIQSnapshot? current, bool watching, List<string> problems)
    {
        ImmutableArray<ScheduleFileLocation> found = [];
        if (!string.IsNullOrWhiteSpace(options.ReleasesFolder))
        {
            try
            {
                found = ReleaseFolder.FindSchedules(options.ReleasesFolder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"Looking for schedule files in {options.ReleasesFolder} failed: {ex.Message}; the schedules loaded before keep serving.");
                return current?.Schedules ?? new ScheduleSet([], options.UsePackagedReleases, options.UsePackagedReleases ? "packaged" : string.Empty);
            }
        }

        var previous = current?.Schedules ?? ScheduleSet.None;
        var seen = _lastSeenSchedules;
        _lastSeenSchedules = found.ToDictionary(f => f.Path, f => f.Fingerprint);
        var files = ImmutableArray.CreateBuilder<(ScheduleFileLocation, QuarterlySchedule)>();
        var used = new List<string>();
        foreach (var location in found)
        {
            var loaded = previous.Files.FirstOrDefault(f => f.Location.Path == location.Path && f.Location.Fingerprint == location.Fingerprint);
            var before = previous.Files.FirstOrDefault(f => f.Location.Path == location.Path);
            if (loaded.Schedule is null && watching && (!seen.TryGetValue(location.Path, out var last) || last != location.Fingerprint))
            {
                // Settling: the copy loaded before (if any) serves until a poll sees the file unchanged.
                Log.ReleaseSettling(_logger, Path.GetFileName(location.Path), location.Path);
                if (before.Schedule is not null)
                {
                    files.Add(before);
                    used.Add($"|{location.Path}:{before.Location.Fingerprint}");
                }

                continue;
            }

            if (loaded.Schedule is null && !(_failedSchedules.TryGetValue(location.Path, out var failed) && failed.Fingerprint == location.Fingerprint))
            {
                try
                {
                    var schedule = location.Load();
                    if (CutShort(schedule, options) is { } refusal)
                    {
                        _failedSchedules[location.Path] = (location.Fingerprint, refusal);
                    }
                    else
                    {
                        loaded = (location, schedule);
                        _failedSchedules.Remove(location.Path);
                    }
                }
                catch (Exception ex) when (ex is CmsFileFormatException or IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    _failedSchedules[location.Path] = (location.Fingerprint, ex.Message);
                }
            }

            if (loaded.Schedule is not null)
            {
                files.Add(loaded);
                used.Add($"|{location.Path}:{location.Fingerprint}");
                continue;
            }

            problems.Add($"{location.Path} failed to load: {_failedSchedules[location.Path].Message} {(before.Schedule is null ? "It is not offered." : "The copy loaded before keeps serving.")}");
            if (before.Schedule is not null)
            {
                files.Add(before);
                used.Add($"|{location.Path}:{before.Location.Fingerprint}");
            }
        }

        foreach (var gone in _failedSchedules.Keys.Where(p => !found.Any(f => f.Path == p)).ToList())
        {
            _failedSchedules.Remove(gone);
        }

        // The fingerprint of what is served: a snapshot is swapped in when it changes.
        string fingerprint = (options.UsePackagedReleases ? "packaged" : string.Empty) + string.Concat(used);
        return fingerprint == previous.Fingerprint ? previous : new ScheduleSet(files.ToImmutable(), options.UsePackagedReleases, fingerprint);
    }
}
