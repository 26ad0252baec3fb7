using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>Whether the code is in the release in force, and in which releases loaded it last or next appears.</summary>
internal sealed class ValiditySource : InsightSource
{
    public override InsightKind Kind => InsightKind.Validity;

    public override void Add(InsightContext c)
    {
        if (c.Release is not { } r)
        {
            c.Notes.Add($"No fee schedule release covers {Date(c.Date)}: no amounts, status or indicators.");
            return;
        }

        var code = c.Code;
        var rows = c.Rows;
        var others = c.Catalog.Releases;
        FeeScheduleRelease? before = null, after = null;
        foreach (var other in others)
        {
            if (other.Id.CompareTo(r.Id) < 0 && other.Rvus.Contains(code))
            {
                before = other; // the latest earlier release that has it
            }
        }

        foreach (var other in others)
        {
            if (other.Id.CompareTo(r.Id) > 0 && other.Rvus.Contains(code) == rows.IsEmpty)
            {
                after = other; // the first later release where presence changes
                break;
            }
        }

        if (rows.IsEmpty)
        {
            var text = $"{code} is not in {r.Id}, the release in force on {Date(c.Date)}: it cannot be paid under the fee schedule on that date{(c.OnOtherSchedule ? $" ({c.Bare.ScheduleName ?? "another Part B schedule"} lists it)" : "")}.";
            var evidence = ImmutableArray.CreateBuilder<InsightEvidence>();
            evidence.Add(c.NoRowEvidence(r));
            if (before is not null && before.Rvus.TryGet(code, Modifier.None, out var last))
            {
                text += $" It was last in {before.Id} (from {Date(before.EffectiveFrom)}) with status {(char)last.Status}.";
                evidence.Add(InsightContext.RowEvidence(before, last, $"status {(char)last.Status}"));
            }

            if (after is not null && after.Rvus.TryGet(code, Modifier.None, out var next))
            {
                text += $" It is in {after.Id}, from {Date(after.EffectiveFrom)}, with status {(char)next.Status}.";
                evidence.Add(InsightContext.RowEvidence(after, next, $"status {(char)next.Status}"));
            }

            c.Add(Kind, text, null, [], evidence.ToImmutable(), []);
            return;
        }

        var present = InsightContext.RowEvidence(r, rows[0], $"status {(char)rows[0].Status}");
        if (after is not null)
        {
            c.Add(Kind, $"{code} is not in the later release {after.Id} (from {Date(after.EffectiveFrom)}): it can be paid for dates of service before that only.",
                null, [], [present, c.NoRowEvidence(after)], []);
        }
        else if (before is null && others.Length > 1 && others[0].Id.CompareTo(r.Id) < 0)
        {
            c.Add(Kind, $"{code} is new in {r.Id}: the earlier releases loaded ({string.Join(", ", others.Where(o => o.Id.CompareTo(r.Id) < 0).Select(o => o.Id))}) do not have it.",
                null, [], [present, c.NoRowEvidence(others[0])], []);
        }
    }
}
