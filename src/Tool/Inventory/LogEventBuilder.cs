using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Logs;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Inventory;

/// <summary>
/// Groups the log sites <see cref="LogSiteReader"/> found into log events (one level, event name and template), and
/// judges each site against the contract's required fields as OBS2001 does where the call is written. Projects that
/// build for several frameworks give the same site once per framework: sites are kept once.
/// </summary>
internal sealed class LogEventBuilder(ContractModel? contract, PathDisplay paths)
{
    private readonly Dictionary<(string? Level, string? Event, string? Template, string? Site), EventGroup> _events = new();
    private readonly Dictionary<(string File, int Line), LackingSite> _lacking = new();

    public void Add(IReadOnlyCollection<FoundLogSite> sites)
    {
        // A [LoggerMessage] method is judged at its calls; one that nothing calls, at its declaration (as OBS2001 does).
        var called = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var site in sites)
        {
            if (site.Role == "call" && site.LoggerMessage is { } method)
            {
                called.Add(method);
            }
        }

        foreach (var site in sites)
        {
            string file = paths.Of(site.Location);
            int line = InventoryBuilder.Line(site.Location);
            string? level = LevelName(site.GroupLevel);
            // An event with neither a name nor a template is its own event: nothing says two such calls are one.
            var key = (level, site.Event, site.Template, site.Event is null && site.Template is null ? $"{file}:{line}" : null);
            if (!_events.TryGetValue(key, out var group))
            {
                _events.Add(key, group = new EventGroup(level, site.Event, site.Template));
            }

            var origins = site.Origins
                .Select(o => new FieldOrigin { Field = o.Field, From = o.From, File = o.Location is null ? null : paths.Of(o.Location), Line = o.Location is null ? null : InventoryBuilder.Line(o.Location), By = o.By })
                .Distinct()
                .OrderBy(o => o.Field, StringComparer.Ordinal).ThenBy(o => o.From, StringComparer.Ordinal).ThenBy(o => o.File, StringComparer.Ordinal).ThenBy(o => o.Line)
                .ToList();
            var fields = origins.Select(o => o.Field).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            group.Add(new LogSite { File = file, Line = line, Role = site.Role, Fields = fields, Origins = origins });

            bool judged = site.Judged && !(site.Role == "declaration" && site.LoggerMessage is { } declared && called.Contains(declared));
            if (judged && contract is not null && Missing(fields) is { Count: > 0 } missing)
            {
                _lacking.TryAdd((file, line), new LackingSite
                {
                    Level = LevelName(site.Level), Event = site.Event, Template = site.Template, File = file, Line = line, Missing = missing, CallersMaySupply = site.CallersMaySupply,
                });
            }
        }
    }

    public List<LogEvent> Build() =>
        _events.Values
            .Select(g => g.ToEvent())
            .OrderBy(e => e.Sites[0].File, StringComparer.Ordinal).ThenBy(e => e.Sites[0].Line).ThenBy(e => e.Template, StringComparer.Ordinal)
            .ToList();

    public LogCoverage Coverage()
    {
        var lacking = _lacking.Values.OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();
        return new LogCoverage
        {
            RequiredFields = contract!.Logs.RequiredFields.Order(StringComparer.Ordinal).ToList(),
            MissingOnSomeEvents = lacking.Where(l => !l.CallersMaySupply).SelectMany(l => l.Missing).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Lacking = lacking,
        };
    }

    /// <summary>The required fields none of <paramref name="fields"/> is, by words (the contract's field-name rule, as OBS2001 compares).</summary>
    private List<string> Missing(List<string> fields) =>
        contract!.Logs.RequiredFields.Where(required => !fields.Any(field => NameWords.SameWords(field, required))).ToList();

    private static string? LevelName(LogLevelValue level) => level.IsKnown && !level.IsOff ? InventoryFile.LogLevels[(int)level.Level] : null;

    private sealed class EventGroup(string? level, string? eventName, string? template)
    {
        private readonly Dictionary<(string File, int Line, string? Role), LogSite> _sites = new();

        public void Add(LogSite site) => _sites.TryAdd((site.File, site.Line, site.Role), site);

        public LogEvent ToEvent()
        {
            var sites = _sites.Values
                .OrderBy(s => s.Role == "declaration" ? 0 : 1).ThenBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line)
                .ToList();
            return new LogEvent
            {
                Level = level,
                Event = eventName,
                Template = template,
                Fields = sites.SelectMany(s => s.Fields!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                Sites = sites,
            };
        }
    }
}
