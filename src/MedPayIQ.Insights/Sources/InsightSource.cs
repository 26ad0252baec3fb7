namespace MedPayIQ.Insights;

/// <summary>
/// One kind of insight: reads the context (the code's rows, the NCCI tables, the calculator) and adds its insights
/// and notes. Stateless and safe to share; <see cref="InsightSources.Ordered"/> runs them in the report's order.
/// </summary>
internal abstract class InsightSource
{
    /// <summary>The kind of every insight the source adds.</summary>
    public abstract InsightKind Kind { get; }

    /// <summary>Adds the source's insights and notes for the context's code.</summary>
    public abstract void Add(InsightContext context);
}

/// <summary>A source that speaks of the code's PPRRVU rows: it runs only when the release in force has the code.</summary>
internal abstract class RowInsightSource : InsightSource
{
    public sealed override void Add(InsightContext context)
    {
        if (!context.Rows.IsEmpty)
        {
            Add(context, context.Rows);
        }
    }

    /// <summary>Adds the insights of the code's rows (the global row first).</summary>
    protected abstract void Add(InsightContext context, ReadOnlySpan<RvuEntry> rows);
}
