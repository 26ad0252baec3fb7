using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// A release's id as a sink writes it (bytes for CSV, a string for Parquet), made once and found by reference among
/// the few releases a file's dates use (a dictionary by id cost more than the field). Not thread-safe: one per sink.
/// </summary>
internal sealed class ReleaseIds<T>(Func<FeeScheduleRelease, T> make)
{
    private readonly List<(FeeScheduleRelease Release, T Id)> _made = [];

    /// <summary>The id of <paramref name="release"/>, as made the first time.</summary>
    public T Of(FeeScheduleRelease release)
    {
        foreach (var (known, id) in _made)
        {
            if (ReferenceEquals(known, release))
            {
                return id;
            }
        }

        var made = make(release);
        _made.Add((release, made));
        return made;
    }
}
