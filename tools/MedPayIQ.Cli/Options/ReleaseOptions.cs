using System.CommandLine;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Cli.Options;

/// <summary>The release or the date of service a command uses: <c>--release</c> or <c>--date</c>, not both.</summary>
internal sealed class ReleaseOptions
{
    /// <summary><c>--release ID</c>.</summary>
    public Option<ReleaseId?> Release { get; }

    /// <summary><c>--date yyyy-mm-dd</c>; absent when the command takes a release only.</summary>
    public Option<DateOnly?>? Date { get; }

    /// <param name="release">The description of --release.</param>
    /// <param name="date">The description of --date; null when the command takes no date.</param>
    /// <param name="releaseRequired">Whether --release must be given.</param>
    public ReleaseOptions(string release, string? date, bool releaseRequired = false)
    {
        Release = new Option<ReleaseId?>("--release")
        {
            Description = release,
            Required = releaseRequired,
            CustomParser = Parsers.Of<ReleaseId?>(text => ReleaseId.TryParse(text, out var id) ? id : throw new UsageException($"'{text}' is not a release id such as RVU25D.")),
        };
        Date = date is null ? null : new Option<DateOnly?>("--date") { Description = date, CustomParser = Parsers.Of<DateOnly?>(text => ClaimInput.Date(text)) };
    }

    /// <summary>Adds the options to <paramref name="command"/>, and the rule that one of them at most is given.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Release);
        if (Date is { } date)
        {
            command.Options.Add(date);
            command.Validators.Add(result =>
            {
                if (result.GetResult(Release) is not null && result.GetResult(date) is not null)
                {
                    Parsers.Reject(result, "give --release or --date, not both.");
                }
            });
        }
    }

    /// <summary>What was given: a release, a date, or neither.</summary>
    public (ReleaseId? Release, DateOnly? Date) GetValue(ParseResult parse)
        => (parse.GetValue(Release), Date is { } date ? parse.GetValue(date) : null);

    /// <summary>The release asked for, the one in force on the date asked for, or the latest loaded; and why.</summary>
    public (FeeScheduleRelease Release, string Why) PickRelease(ParseResult parse)
    {
        var (id, date) = GetValue(parse);
        return Pick(DataOption.GetValue(parse), id, date, ExactReleaseOption.GetValue(parse));
    }

    /// <summary>The catalog to price with and the date of service: a release's first day (that release alone), a given date, or today.</summary>
    public (FeeScheduleCatalog Catalog, DateOnly Date) CatalogAndDate(ParseResult parse)
    {
        var data = DataOption.GetValue(parse);
        var (id, date) = GetValue(parse);
        if (id is { } releaseId)
        {
            var (r, _) = Pick(data, releaseId, null, ReleaseSelection.Nearest);
            return (FeeScheduleCatalog.Create([r]), r.EffectiveFrom);
        }

        return (DataOption.LoadCatalog(data), date ?? DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date));
    }

    /// <summary>The catalog and date for insights: a release's first day within every release loaded (so validity across releases shows), a given date, or today.</summary>
    public (FeeScheduleCatalog Catalog, DateOnly Date) InsightCatalog(ParseResult parse)
    {
        var data = DataOption.GetValue(parse);
        if (parse.GetValue(Release) is not { } releaseId)
        {
            return CatalogAndDate(parse);
        }

        var (r, _) = Pick(data, releaseId, null, ReleaseSelection.Nearest);
        var all = DataOption.LoadCatalog(data);
        return all.Resolve(r.EffectiveFrom).Release?.Id == r.Id ? (all, r.EffectiveFrom) : (FeeScheduleCatalog.Create([r]), r.EffectiveFrom);
    }

    private static (FeeScheduleRelease Release, string Why) Pick(DataSource data, ReleaseId? releaseId, DateOnly? date, ReleaseSelection selection)
    {
        if (releaseId is { } id)
        {
            if (DataOption.UsesPackaged(data, id))
            {
                return (PackagedFeeSchedules.Get(id), "the release asked for");
            }

            var catalog = DataOption.LoadCatalog(data);
            return catalog.TryGetRelease(id, out var r)
                ? (r!, "the release asked for")
                : throw new UsageException($"release {id} is not loaded; loaded: {string.Join(", ", catalog.ReleaseIds)}.");
        }

        var all = DataOption.LoadCatalog(data);
        if (date is { } dos)
        {
            var resolved = all.Resolve(dos, selection);
            return resolved.Release is { } r ? (r, resolved.Reason) : throw new UsageException(resolved.Reason);
        }

        var latest = all.ReleaseIds.Length > 0 && all.TryGetRelease(all.ReleaseIds[^1], out var last) ? last : throw new UsageException("no release is loaded.");
        return (latest, "the latest release loaded (give --release or --date to choose)");
    }
}
