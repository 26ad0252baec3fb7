using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Ncci;

namespace MedPayIQ.Insights;

/// <summary>The NCCI edits in force on the two dates of a comparison.</summary>
public sealed partial class ReleaseDiff
{
    // ---- NCCI -----------------------------------------------------------------------------------------------------

    private ImmutableArray<NcciEditChange> NcciChanges(DateOnly from, DateOnly to, CodeRange? codes, ImmutableArray<string>.Builder notes)
    {
        var changes = ImmutableArray.CreateBuilder<NcciEditChange>();
        bool In(HcpcsCode c) => codes is not { } r || r.Contains(c);
        foreach (var kind in Enum.GetValues<NcciTableKind>())
        {
            var (ta, whyA) = _ncci.Resolve(kind, from);
            var (tb, whyB) = _ncci.Resolve(kind, to);
            if (ta is null && tb is null)
            {
                continue;
            }

            if (ta is null || tb is null)
            {
                notes.Add($"{kind}: {(ta is null ? whyA : whyB)}; its edits are not compared.");
                continue;
            }

            var before = Edits(ta, from, In);
            var after = Edits(tb, to, In);
            foreach (var (key, (text, edit)) in before.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!after.TryGetValue(key, out var now))
                {
                    changes.Add(new NcciEditChange(kind, ChangeKind.Deleted, key, text, null, edit));
                }
                else if (!string.Equals(now.Text, text, StringComparison.Ordinal))
                {
                    changes.Add(new NcciEditChange(kind, ChangeKind.Changed, key, text, now.Text, edit));
                }
            }

            foreach (var (key, (text, edit)) in after.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!before.ContainsKey(key))
                {
                    changes.Add(new NcciEditChange(kind, ChangeKind.Added, key, null, text, edit));
                }
            }
        }

        return changes.ToImmutable();
    }

    /// <summary>The edits of a table in force on a date, by key, each with its value as text.</summary>
    private static Dictionary<string, (string Text, ImmutableArray<HcpcsCode> Codes)> Edits(NcciTable table, DateOnly date, Func<HcpcsCode, bool> include)
    {
        var inv = CultureInfo.InvariantCulture;
        var result = new Dictionary<string, (string, ImmutableArray<HcpcsCode>)>(StringComparer.Ordinal);
        switch (table)
        {
            case PtpTable ptp:
                foreach (var e in ptp.Rows)
                {
                    if (e.AppliesOn(date) && (include(e.Column1) || include(e.Column2)))
                    {
                        result[$"{e.Column1}/{e.Column2}"] = (string.Create(inv, $"modifier indicator {(int)e.ModifierIndicator}, effective {e.Effective:yyyy-MM-dd}{(e.Deletion is { } d ? $", deleted {d:yyyy-MM-dd}" : "")}"), [e.Column1, e.Column2]);
                    }
                }

                break;
            case MueTable mue:
                foreach (var e in mue.Rows)
                {
                    if (include(e.Hcpcs))
                    {
                        result[e.Hcpcs.ToString()] = (string.Create(inv, $"MUE {e.Value}, MAI {(int)e.Adjudication}"), [e.Hcpcs]);
                    }
                }

                break;
            case AddOnTable aoc:
                foreach (var e in aoc.Rows)
                {
                    if (e.AppliesOn(date) && (include(e.AddOn) || (e.Primary.IsSome && include(e.Primary))))
                    {
                        string primary = e.Primary.IsSome ? e.Primary.ToString() : "CCCCC";
                        result[$"{e.AddOn}+{primary}"] = (string.Create(inv, $"type {(int)e.Type}"), e.Primary.IsSome ? [e.AddOn, e.Primary] : [e.AddOn]);
                    }
                }

                break;
            default:
                break;
        }

        return result;
    }
}
