using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// The one recognition of logging in the package: what is a log call, what fields it carries, and what scopes are open
/// around it. Rules (OBS2xxx, the personal-data rules) and tools ask it; none parses templates or scopes itself.
/// </summary>
/// <remarks>
/// <para>How a rule asks "what are the fields of this log call":</para>
/// <code>
/// var recognizer = LogRecognizer.For(compilation, contract.Logs);        // shared per compilation; null without MEL or Serilog
/// if (recognizer?.ReadCall(invocation) is { } call)                       // null for anything that is not a log call
/// {
///     foreach (var field in recognizer.FieldsOf(call, containingSymbol))  // placeholders, [LoggerMessage] parameters and
///     {                                                                    // [LogProperties] members, ForContext names,
///         // field.Name, field.Source, field.Value (the bound expression),  // and the keys of every enclosing scope
///         // field.Location, field.NameLocation (for fixes)
///     }
/// }
/// </code>
/// <para>
/// <see cref="LogCall.Fields"/> alone gives the call's own fields; <see cref="ScopesAround"/> the enclosing scopes (with
/// their fields, and the one a fix can extend); <see cref="ReadScope"/> a scope-opening call where it stands (for rules
/// about scope keys); <see cref="LoggerMessageMethodOf"/> a <c>[LoggerMessage]</c> declaration. Recognition never reports
/// anything and never judges: requiredness, spelling and levels are the rules' business.
/// </para>
/// <para>
/// Cost: <see cref="ReadCall"/> turns non-log calls away by method name first, then by containing type; methods with other
/// names are looked up once each (a <c>[LoggerMessage]</c> method or a wrapper can have any name). <see cref="ScopesAround"/>
/// walks up the syntax of one method and reads only the <c>using</c>s on the way.
/// </para>
/// </remarks>
internal sealed partial class LogRecognizer
{
    /// <summary>The recognizer every analyzer of a compilation shares: see <see cref="For"/>.</summary>
    private static readonly ConditionalWeakTable<Compilation, SharedRecognizer> PerCompilation = new();

    private readonly ConcurrentDictionary<IMethodSymbol, MethodRole> _roles = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, DefinedMessage> _definitions = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<string>> _enrichedMembers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, LogScope?> _scopeHelpers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IAssemblySymbol, bool> _assembliesWithLogMethods = new(SymbolEqualityComparer.Default);

    /// <summary>What each <c>using</c> expression read for scopes opens: a <see cref="LogScope"/>, or <see cref="NoScope"/>.</summary>
    private readonly ConcurrentDictionary<SyntaxNode, object> _scopeStatements = new();

    private static readonly object NoScope = new();

    private LogRecognizer(LoggingTypes types, HostScopes hosts)
    {
        Types = types;
        Hosts = hosts;
    }

    public LoggingTypes Types { get; }

    public HostScopes Hosts { get; }

    /// <summary>
    /// The recognizer of <paramref name="compilation"/>, made by the first analyzer that asks and shared by the others: a
    /// method's role, a scope helper, a defined message and a scope statement are then read once per compilation, not
    /// once per rule family. It lives as long as the compilation does.
    /// </summary>
    public static LogRecognizer? For(Compilation compilation, LogsContract logs) =>
        PerCompilation.GetValue(compilation, static _ => new SharedRecognizer()).Get(compilation, logs);

    /// <summary>A recognizer of its own, for callers outside the analyzer driver (code fixes, the review tool).</summary>
    public static LogRecognizer? Create(Compilation compilation, LogsContract logs)
    {
        var types = LoggingTypes.Create(compilation);
        return types is null ? null : new LogRecognizer(types, HostScopes.Create(compilation, logs));
    }

    /// <summary>
    /// Every field the log call carries where it stands: its own (<see cref="LogCall.Fields"/>), those of the Serilog
    /// logger it goes through (<c>ForContext</c>), and those of the scopes open around it. Host and provider scopes name no
    /// fields; ask <see cref="ScopesAround"/> for them.
    /// </summary>
    public ImmutableArray<LogField> FieldsOf(LogCall call, ISymbol? containingSymbol, CancellationToken cancellationToken = default)
    {
        var builder = ImmutableArray.CreateBuilder<LogField>();
        builder.AddRange(call.Fields);
        builder.AddRange(LoggerContextFields(call, cancellationToken));
        foreach (var scope in ScopesAround(call.Invocation, containingSymbol, cancellationToken).Scopes)
        {
            builder.AddRange(scope.Fields);
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The first recognizer made for a compilation. Analyzers of one compilation see the same contract object (it is
    /// parsed once per content), so they share it; a caller with another contract gets a recognizer of its own.
    /// </summary>
    private sealed class SharedRecognizer
    {
        private readonly object _gate = new();
        private LogsContract? _logs;
        private LogRecognizer? _recognizer;

        public LogRecognizer? Get(Compilation compilation, LogsContract logs)
        {
            lock (_gate)
            {
                if (_logs is null)
                {
                    _recognizer = Create(compilation, logs);
                    _logs = logs;
                }

                return ReferenceEquals(_logs, logs) ? _recognizer : Create(compilation, logs);
            }
        }
    }

    /// <summary>What a method other than the logging libraries' own is to logging, read once per method.</summary>
    private sealed class MethodRole
    {
        public static readonly MethodRole None = new(null, null);

        public MethodRole(LoggerMessageMethod? generated, WrapperMethod? wrapper)
        {
            Generated = generated;
            Wrapper = wrapper;
        }

        public LoggerMessageMethod? Generated { get; }

        public WrapperMethod? Wrapper { get; }
    }

    /// <summary>A user's logging method marked as taking a message template.</summary>
    private sealed class WrapperMethod
    {
        public WrapperMethod(int templateOrdinal, LogLevelValue level)
        {
            TemplateOrdinal = templateOrdinal;
            Level = level;
        }

        public int TemplateOrdinal { get; }

        /// <summary>The level the wrapper's name says (<c>LogDebug</c>, <c>Warn</c>); unknown when it says none.</summary>
        public LogLevelValue Level { get; }
    }

    /// <summary>A <c>LoggerMessage.Define</c> or <c>DefineScope</c> call, read from the initializer of the delegate's field or local.</summary>
    private sealed class DefinedMessage
    {
        public static readonly DefinedMessage Unreadable = new(false, LogLevelValue.Unknown, LogTemplate.None);

        public DefinedMessage(bool isScope, LogLevelValue level, LogTemplate template)
        {
            IsScope = isScope;
            Level = level;
            Template = template;
        }

        public bool IsScope { get; }

        public LogLevelValue Level { get; }

        public LogTemplate Template { get; }
    }
}
