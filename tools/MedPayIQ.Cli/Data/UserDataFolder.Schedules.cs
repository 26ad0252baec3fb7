using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using MedPayIQ.Cli.Json;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Data;

/// <summary>The CLFS, DMEPOS, PEN, DMEPOS ZIP code, former-CBA and ASP files of the data folder (<c>schedules/</c>).</summary>
internal sealed partial class UserDataFolder
{
    /// <summary>Where the other Part B schedules' files are, each with its provenance file beside it.</summary>
    public string Schedules => Path.Combine(Root, "schedules");

    /// <summary>The schedule files added, by name, with their provenance.</summary>
    public ImmutableArray<(string Path, DataSourceJson? Source)> ListSchedules()
        => Directory.Exists(Schedules)
            ? [.. Directory.EnumerateFiles(Schedules).Where(f => !f.EndsWith(NcciSourceSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .Select(f => (f, File.Exists(f + NcciSourceSuffix) ? JsonSerializer.Deserialize(File.ReadAllBytes(f + NcciSourceSuffix), CliJsonContext.Default.DataSourceJson) : null))]
            : [];

    /// <summary>The schedules added, loaded (each noting where it came from), to add to the catalog.</summary>
    public IReadOnlyList<QuarterlySchedule> LoadSchedules()
        => [.. ListSchedules().Select(x => ScheduleFileLocation.KindOf(x.Path) is { } kind ? ScheduleFileLocation.LoadFile(kind, x.Path, null) : null).OfType<QuarterlySchedule>()];

    private sealed record ScheduleDownload(string Name, byte[] Bytes, string Sha256, QuarterlySchedule Schedule, string Source, bool AlreadyThere);

    /// <summary>
    /// Loads a CLFS, DMEPOS, PEN, ZIP code, former-CBA or ASP file fully (every row checked) and admits it: a file that does
    /// not load, or has under 95 % of the rows of the smallest packaged file of its kind (cut between two rows), is refused;
    /// an ASP file (none is packaged) is held to the ASP files of other quarters already in the data folder.
    /// </summary>
    private ScheduleDownload ValidateSchedule(string path, ScheduleFileKind kind)
    {
        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        QuarterlySchedule schedule;
        try
        {
            schedule = ScheduleFileLocation.LoadFile(kind, full, null);
        }
        catch (CmsFileFormatException ex)
        {
            throw new UsageException($"data add: {name} is not a whole CMS {Described(kind)} file: {ex.Message}");
        }

        var (rows, reference, of) = PartBScheduleFiles.Rows(schedule, schedule is DrugPaymentLimits ? LoadSchedules() : []);
        if (reference is { } least && rows < least * MedPayIQ.Pricing.Data.PackagedFeeSchedules.ScheduleMinimumRowShare)
        {
            string smallest = of == "packaged" ? $"the smallest packaged {Described(kind)} file" : $"the smallest {Described(kind)} file {of}";
            throw new UsageException(FormattableString.Invariant(
                $"data add: {name} has {rows:N0} rows where {smallest} has {least:N0}: it looks cut short (a download or copy not finished)."));
        }

        var bytes = File.ReadAllBytes(full);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var there = Path.Combine(Schedules, name);
        bool same = false;
        if (File.Exists(there))
        {
            var shaThere = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(there)));
            same = shaThere == sha
                ? true
                : throw new UsageException($"data add: {name} is already in the data folder ({there}) with other bytes: sha256 {shaThere} there, {sha} given. Remove it first (medpayiq data remove {name}) to replace it.");
        }

        return new ScheduleDownload(name, bytes, sha, schedule, name, same);
    }

    private string AddSchedule(ScheduleDownload d)
    {
        string scheduleName = d.Schedule.Name;
        if (d.AlreadyThere)
        {
            return $"{d.Name} ({scheduleName}) is already in the data folder with the same bytes; nothing added.";
        }

        Directory.CreateDirectory(Schedules);
        var staging = Path.Combine(Root, $".adding-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var file = Path.Combine(staging, d.Name);
            File.WriteAllBytes(file, d.Bytes);
            var source = new DataSourceJson(scheduleName, d.Source, d.Sha256, _time.GetUtcNow(), [new DataFileJson(d.Name, d.Bytes.Length, d.Sha256)]);
            File.WriteAllBytes(file + NcciSourceSuffix, JsonSerializer.SerializeToUtf8Bytes(source, CliJsonContext.Default.DataSourceJson));
            var there = Path.Combine(Schedules, d.Name);
            File.Move(file + NcciSourceSuffix, there + NcciSourceSuffix);
            File.Move(file, there);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        return $"added {scheduleName} ({d.Schedule.Summary}) from {d.Name} (sha256 {d.Sha256}) to {Schedules}";
    }

    private static string Described(ScheduleFileKind kind) => kind switch
    {
        ScheduleFileKind.ClinicalLab => "Clinical Laboratory Fee Schedule",
        ScheduleFileKind.Dmepos => "DMEPOS (or PEN) fee schedule",
        ScheduleFileKind.DmeposZipCodes => "DMEPOS rural ZIP code",
        ScheduleFileKind.DmeposFormerCba => "former CBA DMEPOS fee schedule",
        _ => "ASP drug payment limit",
    };
}
