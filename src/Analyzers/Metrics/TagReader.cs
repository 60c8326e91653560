using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Metrics;

/// <summary>Reads the label keys of a record site's tag arguments, whatever shape they take.</summary>
internal static class TagReader
{
    /// <summary>
    /// C# 13's <c>params ReadOnlySpan&lt;T&gt;</c> argument, which .NET 9 and later give <c>Add</c>, <c>Record</c> and
    /// <c>Measurement&lt;T&gt;</c> for tags listed inline. Roslyn 4.8 has no name for it; its value is an implicit
    /// collection whose children are the elements.
    /// </summary>
    private const ArgumentKind ParamCollection = (ArgumentKind)4;

    /// <summary>The labels of every tag argument; null when any of them cannot be read from the code.</summary>
    /// <param name="readTagLists">
    /// False to leave out the labels of a <c>TagList</c> argument, for a caller that judges them where they are added:
    /// reading a local's labels walks the whole method.
    /// </param>
    public static ImmutableArray<LabelUse>? Read(ImmutableArray<IArgumentOperation> arguments, MetricsTypes types, bool readTagLists = true)
    {
        var labels = ImmutableArray.CreateBuilder<LabelUse>();
        foreach (var argument in arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (TypeLookup.Is(parameterType, types.KeyValuePair))
            {
                var label = ReadPair(argument.Value, argument.Syntax, types);
                if (label is null)
                {
                    return null;
                }

                labels.Add(label);
            }
            else if (TypeLookup.Is(parameterType, types.TagList))
            {
                if (readTagLists && !ReadTagList(argument.Value, types, labels))
                {
                    return null;
                }
            }
            else if (IsPairCollection(parameterType, types))
            {
                bool read = argument.ArgumentKind == ParamCollection
                    ? ReadElements(argument.Value.ChildOperations, types, labels)
                    : ReadCollection(argument.Value, types, labels);
                if (!read)
                {
                    return null;
                }
            }
        }

        return labels.ToImmutable();
    }

    private static bool IsPairCollection(ITypeSymbol type, MetricsTypes types) => type switch
    {
        IArrayTypeSymbol array => TypeLookup.Is(array.ElementType, types.KeyValuePair),
        INamedTypeSymbol { TypeArguments.Length: 1 } named => TypeLookup.Is(named.TypeArguments[0], types.KeyValuePair),
        _ => false,
    };

    private static LabelUse? ReadPair(IOperation value, SyntaxNode node, MetricsTypes types)
    {
        var pair = MetricName.Unwrap(value);
        ImmutableArray<IArgumentOperation> arguments;
        switch (pair)
        {
            case IObjectCreationOperation creation when TypeLookup.Is(creation.Type, types.KeyValuePair):
                arguments = creation.Arguments;
                break;
            case IInvocationOperation { TargetMethod.Name: "Create" } invocation when TypeLookup.Is(invocation.TargetMethod.ContainingType, types.KeyValuePairStatic):
                arguments = invocation.Arguments;
                break;
            default:
                return null;
        }

        return arguments.Length == 2 ? new LabelUse(MetricName.Read(arguments[0].Value), arguments[1].Value, node) : null;
    }

    /// <summary>The tags of a params collection, each an argument of the call.</summary>
    private static bool ReadElements(IEnumerable<IOperation> elements, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        foreach (var element in elements)
        {
            var label = ReadPair(element, element.Syntax.Parent is ArgumentSyntax argument ? argument : element.Syntax, types);
            if (label is null)
            {
                return false;
            }

            labels.Add(label);
        }

        return true;
    }

    private static bool ReadCollection(IOperation value, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        var collection = MetricName.Unwrap(value);
        if (collection is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                // A params array's elements are the call's arguments: the argument is what a fix removes.
                var label = ReadPair(element, element.Syntax.Parent is ArgumentSyntax argument ? argument : element.Syntax, types);
                if (label is null)
                {
                    return false;
                }

                labels.Add(label);
            }

            return true;
        }

        if (collection is IArrayCreationOperation { DimensionSizes.Length: 1 } empty && empty.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 })
        {
            return true;
        }

        if (collection.Syntax is CollectionExpressionSyntax expression)
        {
            // Roslyn 4.8 has no operation for collection expressions, but their elements are its children.
            int count = 0;
            foreach (var element in collection.ChildOperations)
            {
                if (element.Syntax.Parent is not ExpressionElementSyntax item)
                {
                    return false;
                }

                var label = ReadPair(element, item, types);
                if (label is null)
                {
                    return false;
                }

                labels.Add(label);
                count++;
            }

            return count == expression.Elements.Count;
        }

        return false;
    }

    private static bool ReadTagList(IOperation value, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        var tags = MetricName.Unwrap(value);
        if (tags is IObjectCreationOperation creation && TypeLookup.Is(creation.Type, types.TagList))
        {
            return ReadTagListCreation(creation, types, labels);
        }

        if (tags is IDefaultValueOperation)
        {
            return true;
        }

        return tags is ILocalReferenceOperation local && ReadTagListLocal(local, types, labels);
    }

    private static bool ReadTagListCreation(IObjectCreationOperation creation, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        if (!creation.Arguments.IsEmpty)
        {
            return false;
        }

        if (creation.Initializer is null)
        {
            return true;
        }

        foreach (var element in creation.Initializer.Initializers)
        {
            if (element is not IInvocationOperation add || !ReadTagListAdd(add, element.Syntax, types, labels))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadTagListAdd(IInvocationOperation add, SyntaxNode node, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        if (add.TargetMethod.Name != "Add")
        {
            return false;
        }

        if (add.Arguments.Length == 2)
        {
            labels.Add(new LabelUse(MetricName.Read(add.Arguments[0].Value), add.Arguments[1].Value, node));
            return true;
        }

        if (add.Arguments.Length == 1)
        {
            var label = ReadPair(add.Arguments[0].Value, node, types);
            if (label is not null)
            {
                labels.Add(label);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A TagList local built in the same method, read as it stands at the record site that passes <paramref name="reference"/>:
    /// its initializer and the <c>Add</c> calls written before the site. An <c>Add</c> in a lambda or local function
    /// counts only for record sites inside it: its body runs later. Unknown when, before the site, the local is
    /// reassigned, cleared or passed by reference, where other code may change its labels.
    /// </summary>
    private static bool ReadTagListLocal(ILocalReferenceOperation reference, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        var local = reference.Local;
        int site = reference.Syntax.SpanStart;
        var siteFunction = EnclosingFunction(reference);
        var root = (IOperation)reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        int first = labels.Count;
        var writers = new List<(int End, IOperation? Function)>(); // where each label read here was added
        List<(IOperation Site, IOperation? Function)>? earlierSites = null;
        bool declared = false;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var initial = declarator.Initializer?.Value is { } initialValue ? MetricName.Unwrap(initialValue) : null;
                    if (initial is IObjectCreationOperation creation && TypeLookup.Is(creation.Type, types.TagList))
                    {
                        if (!ReadTagListCreation(creation, types, labels))
                        {
                            return false;
                        }

                        Written(writers, labels.Count - first, declarator);
                    }
                    else if (initial is not null and not IDefaultValueOperation)
                    {
                        return false;
                    }

                    declared = true;
                    break;
                case IInvocationOperation { Instance: ILocalReferenceOperation target } invocation
                    when SymbolEqualityComparer.Default.Equals(target.Local, local) && TypeLookup.Is(invocation.TargetMethod.ContainingType, types.TagList):
                    if (invocation.Syntax.Span.End > site || !RunsBefore(invocation, siteFunction))
                    {
                        break;
                    }

                    if (invocation.TargetMethod.Name == "Add")
                    {
                        var statement = invocation.Parent is IExpressionStatementOperation expressionStatement ? expressionStatement.Syntax : invocation.Syntax;
                        if (!ReadTagListAdd(invocation, statement, types, labels))
                        {
                            return false;
                        }

                        Written(writers, labels.Count - first, invocation);
                    }
                    else if (invocation.TargetMethod.Name is "Remove" or "Clear" or "Insert" or "RemoveAt")
                    {
                        return false;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    if (assignment.Syntax.Span.End <= site && RunsBefore(assignment, siteFunction))
                    {
                        return false;
                    }

                    break;
                case IArgumentOperation { Value: ILocalReferenceOperation passed } argument when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    if (argument.Syntax.SpanStart >= site || !RunsBefore(argument, siteFunction))
                    {
                        break;
                    }

                    if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                    {
                        return false;
                    }

                    if (argument.Parent is { } earlierSite && IsRecordSite(earlierSite, types))
                    {
                        (earlierSites ??= new List<(IOperation, IOperation?)>()).Add((earlierSite, EnclosingFunction(argument)));
                    }

                    break;
            }
        }

        if (earlierSites is not null)
        {
            for (int i = first; i < labels.Count; i++)
            {
                var (end, function) = writers[i - first];
                foreach (var (earlierSite, earlierFunction) in earlierSites)
                {
                    if (end <= earlierSite.Syntax.SpanStart && (function is null || Encloses(function, earlierFunction)))
                    {
                        labels[i].ReadEarlierBy(earlierSite);
                        break;
                    }
                }
            }
        }

        return declared;
    }

    /// <summary>
    /// The first record site that reads the <c>TagList</c> local <paramref name="local"/> once <paramref name="writer"/>
    /// (its initializer or an <c>Add</c>) has written to it: the site where the labels <paramref name="writer"/> adds
    /// are first recorded. Null when no record site reads them.
    /// </summary>
    public static IOperation? FirstReader(IOperation writer, ILocalSymbol local, MetricsTypes types)
    {
        var root = writer;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        int written = writer.Syntax.Span.End;
        var writerFunction = EnclosingFunction(writer);
        IOperation? first = null;
        foreach (var operation in root.Descendants())
        {
            if (operation is IArgumentOperation { Value: ILocalReferenceOperation passed, Parent: { } site } argument
                && argument.Syntax.SpanStart >= written
                && (first is null || site.Syntax.SpanStart < first.Syntax.SpanStart)
                && SymbolEqualityComparer.Default.Equals(passed.Local, local)
                && IsRecordSite(site, types)
                && (writerFunction is null || Encloses(writerFunction, EnclosingFunction(argument))))
            {
                first = site;
            }
        }

        return first;
    }

    private static void Written(List<(int End, IOperation? Function)> writers, int labelCount, IOperation writer)
    {
        var function = EnclosingFunction(writer);
        while (writers.Count < labelCount)
        {
            writers.Add((writer.Syntax.Span.End, function));
        }
    }

    private static bool IsRecordSite(IOperation? operation, MetricsTypes types) => operation switch
    {
        IInvocationOperation { TargetMethod: { Name: "Add" or "Record" } method } => types.IsRecordingInstrument(method.ContainingType),
        IObjectCreationOperation creation => TypeLookup.Is(creation.Type, types.Measurement),
        _ => false,
    };

    /// <summary>The lambda or local function <paramref name="operation"/> is in; null for the method's own body.</summary>
    private static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>True when code in <paramref name="operation"/>'s function has run by the time code in <paramref name="siteFunction"/> runs.</summary>
    private static bool RunsBefore(IOperation operation, IOperation? siteFunction)
    {
        var function = EnclosingFunction(operation);
        return function is null || (siteFunction is not null && Encloses(function, siteFunction));
    }

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or inside it; a null inner is the method's body.</summary>
    private static bool Encloses(IOperation outer, IOperation? inner)
    {
        for (var current = inner; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, outer))
            {
                return true;
            }
        }

        return false;
    }
}
