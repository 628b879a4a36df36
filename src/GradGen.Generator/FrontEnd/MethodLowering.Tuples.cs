using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Lowering of tuple deconstruction, <c>var (x, v) = (x0, v0)</c> and <c>(a, b) = (b, a)</c>: one assignment per
    /// element, with C#'s order kept. C# evaluates the targets' indices, then every value, then assigns left to right;
    /// a value that reads a variable an earlier element assigns, and an index that a value or an earlier element could
    /// change, are read into locals first, so a swap swaps.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Lowers <paramref name="deconstruction"/> when its value is a tuple literal; false (reporting nothing)
        /// for anything else.</summary>
        private bool LowerTupleDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<Stmt> output)
        {
            IOperation value = deconstruction.Value;
            while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
            IOperation target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
            ITupleOperation? values = value as ITupleOperation;
            if (target is not ITupleOperation targets || (values is null ? !IsTupleSource(value) : values.Elements.Length != targets.Elements.Length))
            {
                return false;
            }

            var targetOperations = targets.Elements.Select(e => e is IDeclarationExpressionOperation declared ? declared.Expression : e).ToList();
            if (targetOperations.Any(t => t is ITupleOperation) || values is not null && values.Elements.Any(v => v is ITupleOperation))
            {
                RejectDeclaredLocals(deconstruction.Target);
                Report(DiagnosticDescriptors.UnsupportedExpression, deconstruction.Syntax.GetLocation(), Abbreviate(deconstruction.Syntax), "nested tuples are not supported; deconstruct one level at a time");
                return true;
            }

            // The targets: a declared local, an existing local or parameter, an element of a local array, or a discard.
            var slots = new List<(Variable? Declared, Expr? Target)>();
            bool ok = true;
            foreach (IOperation t in targetOperations)
            {
                switch (t)
                {
                    case IDiscardOperation:
                        slots.Add((null, null));
                        break;
                    case ILocalReferenceOperation { IsDeclaration: true } declared:
                        {
                            TypeRef? type = SymbolFacts.Classify(declared.Local.Type);
                            if (type is not { IsScalar: true } || type.Value.Scalar == ScalarKind.Other || declared.Local.IsRef)
                            {
                                _rejectedLocals.Add(declared.Local);
                                Report(DiagnosticDescriptors.UnsupportedExpression, t.Syntax.GetLocation(), t.Syntax.ToString(),
                                    "a local deconstructed from a tuple must be a double, float, int, long or bool");
                                ok = false;
                                slots.Add((null, null));
                                break;
                            }

                            var variable = new Variable(_nextId++, declared.Local.Name, type.Value, VariableKind.Local);
                            slots.Add((variable, null));
                            break;
                        }

                    default:
                        {
                            Expr? loweredTarget = LowerTarget(t);
                            if (loweredTarget is null) ok = false;
                            slots.Add((null, loweredTarget));
                            break;
                        }
                }
            }

            var lowered = new List<Expr?>();
            if (values is not null)
            {
                foreach (IOperation v in values.Elements) lowered.Add(LowerExpression(v));
            }
            else if (LowerTupleValue(value, value.Type!, output) is { } whole)
            {
                // var (p, q) = t; of a tuple local, an element of tuple data, ...: its elements, one level.
                foreach (TupleTree element in whole.Elements!)
                {
                    if (element.Leaf is null)
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, deconstruction.Syntax.GetLocation(), Abbreviate(deconstruction.Syntax), "nested tuples are not supported; deconstruct one level at a time");
                        ok = false;
                    }

                    lowered.Add(element.Leaf);
                }
            }
            else
            {
                ok = false;
            }

            if (!ok || lowered.Any(v => v is null))
            {
                RejectDeclaredLocals(deconstruction.Target);
                return true;
            }

            // Indices of element targets are computed before any value and any assignment.
            for (int i = 0; i < slots.Count; i++)
            {
                if (slots[i].Target is ElementAccess { Index: not (IntConst or VarRef { Var.Kind: VariableKind.Synthetic }) } element)
                {
                    Expr index = Hoist(element.Index, output);
                    var indexLocal = new Variable(_nextId++, NextTempName("_index"), index.Type, VariableKind.Synthetic);
                    output.Add(new Declare(indexLocal, index));
                    slots[i] = (null, element with { Index = new VarRef(indexLocal) });
                }
            }

            // Then every value, in order; one that an earlier assignment would change is read into a local first.
            var ready = new Expr[lowered.Count];
            for (int j = 0; j < lowered.Count; j++)
            {
                Expr v = Hoist(lowered[j]!, output);
                TypeRef type = slots[j].Declared?.Type ?? slots[j].Target?.Type ?? v.Type;
                v = Converted(v, type);
                bool changedBefore = Enumerable.Range(0, j).Any(i => slots[i].Target is { } earlier && ReadsTarget(v, earlier));
                if (changedBefore && v is not (RealConst or IntConst or BoolConst))
                {
                    var copy = new Variable(_nextId++, NextTempName("_tuple"), v.Type, VariableKind.Synthetic);
                    output.Add(new Declare(copy, v));
                    v = new VarRef(copy);
                }

                ready[j] = v;
            }

            for (int j = 0; j < slots.Count; j++)
            {
                (Variable? declared, Expr? assigned) = slots[j];
                if (declared is not null)
                {
                    var local = (ILocalReferenceOperation)targetOperations[j];
                    _variables[local.Local] = declared;
                    output.Add(new Declare(declared, ready[j]));
                }
                else if (assigned is not null)
                {
                    output.Add(new Assign(assigned, ready[j]));
                }
            }

            return true;
        }

        /// <summary>Whether <paramref name="value"/> reads what assigning <paramref name="target"/> changes (a variable, or
        /// any element of an array).</summary>
        private static bool ReadsTarget(Expr value, Expr target) => target switch
        {
            VarRef v => IrWalker.ReadsVariable(value, v.Var),
            ElementAccess { Sequence: VarRef array } => IrWalker.ReadsVariable(value, array.Var),
            _ => true,
        };

        private void RejectDeclaredLocals(IOperation target)
        {
            foreach (IOperation part in target.DescendantsAndSelf())
            {
                if (part is ILocalReferenceOperation { IsDeclaration: true } declared) _rejectedLocals.Add(declared.Local);
            }
        }

        // ------------------------------------------------------------------ tuple locals

        /// <summary>
        /// A tuple value element by element: the expression of a scalar element (<see cref="Leaf"/>), or the elements of a
        /// nested tuple. A tuple local is one such tree whose leaves are the IR locals that hold its elements.
        /// </summary>
        private sealed class TupleTree
        {
            public TupleTree(Expr leaf) => Leaf = leaf;

            public TupleTree(TupleTree[] elements) => Elements = elements;

            public Expr? Leaf { get; }

            public TupleTree[]? Elements { get; }

            public IEnumerable<Expr> Leaves() => Leaf is not null ? new[] { Leaf } : Elements!.SelectMany(e => e.Leaves());
        }

        /// <summary>The tuple locals (named or not, nested or not), each held as one IR local per element.</summary>
        private readonly Dictionary<ILocalSymbol, TupleTree> _tupleLocals = new(SymbolEqualityComparer.Default);

        private static bool IsTuple(ITypeSymbol? type) => type is INamedTypeSymbol { IsTupleType: true };

        /// <summary>Whether <paramref name="value"/> is a tuple GradGen reads element by element: a tuple local (or an element of
        /// one that is a tuple), <c>default</c>, or tuple data (a parameter, a field, an element of an array of tuples).</summary>
        private bool IsTupleSource(IOperation value)
        {
            while (value is IConversionOperation { Conversion.IsImplicit: true, OperatorMethod: null } conversion && IsTuple(conversion.Operand.Type)) value = conversion.Operand;
            return IsTuple(value.Type) && value switch
            {
                ILocalReferenceOperation local => _tupleLocals.ContainsKey(local.Local) || _rejectedLocals.Contains(local.Local),
                IFieldReferenceOperation field => TupleElementIndex(field.Field) is not null && field.Instance is not null && IsTupleSource(field.Instance) || IsTupleData(field),
                IDefaultValueOperation => true,
                _ => IsTupleData(value),
            };
        }

        /// <summary>Tuple data, held constant: a parameter, a field or property (not an indexer), an element of an array or span.</summary>
        private static bool IsTupleData(IOperation value) =>
            IsTuple(value.Type) && value is IParameterReferenceOperation { Parameter.RefKind: not RefKind.Out }
                or IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } or IArrayElementReferenceOperation;

        /// <summary>The position of a tuple element's field (<c>Item3</c>, or the name of the third element), or null for
        /// another field (<c>Rest</c>, a field of another type).</summary>
        private static int? TupleElementIndex(IFieldSymbol field)
        {
            if (!field.ContainingType.IsTupleType) return null;
            string name = (field.CorrespondingTupleField ?? field).Name;
            return name.StartsWith("Item", System.StringComparison.Ordinal)
                && int.TryParse(name.Substring(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1
                && n <= field.ContainingType.TupleElements.Length
                ? n - 1
                : null;
        }

        /// <summary>The IR locals of a new tuple local of <paramref name="type"/>, named <c>name_element</c>; null when an
        /// element is not a number, a bool, an enum or a tuple of them (<paramref name="problem"/> then names its type).</summary>
        private TupleTree? TupleVariables(string name, INamedTypeSymbol type, out ITypeSymbol? problem)
        {
            problem = null;
            var elements = new List<TupleTree>();
            foreach (IFieldSymbol element in type.TupleElements)
            {
                string elementName = name + "_" + element.Name;
                if (element.Type is INamedTypeSymbol { IsTupleType: true } nested)
                {
                    if (TupleVariables(elementName, nested, out problem) is not { } inner) return null;
                    elements.Add(inner);
                }
                else if (SymbolFacts.Classify(element.Type) is { IsScalar: true } elementType)
                {
                    elements.Add(new TupleTree(new VarRef(new Variable(_nextId++, elementName, elementType, VariableKind.Local))));
                }
                else
                {
                    problem = element.Type;
                    return null;
                }
            }

            return new TupleTree(elements.ToArray());
        }

        /// <summary>
        /// <c>var target = (dx: a / w, dy: Math.Log(b));</c>, <c>(double, double) t;</c>, <c>var t = u;</c>: a tuple local is
        /// one IR local per element (nested tuples flattened), each declared with its element's value, in order.
        /// </summary>
        private void LowerTupleLocal(IVariableDeclaratorOperation declarator, IOperation? initializer, List<Stmt> output)
        {
            ILocalSymbol local = declarator.Symbol;
            TupleTree? variables = null;
            ITypeSymbol? problem = null;
            if (local.IsRef || (variables = TupleVariables(local.Name, (INamedTypeSymbol)local.Type, out problem)) is null)
            {
                _rejectedLocals.Add(local);
                Report(DiagnosticDescriptors.UnsupportedExpression, declarator.Syntax.GetLocation(), Abbreviate(declarator.Syntax),
                    local.IsRef ? "ref locals are not supported"
                    : "a tuple local's elements must be numbers, bools, enums or tuples of them, and this one holds '" + problem!.ToDisplayString() + "'; hold that element in a local of its own");
                return;
            }

            if (initializer is null)
            {
                foreach (Expr leaf in variables.Leaves()) output.Add(new Declare(((VarRef)leaf).Var, null));
                _tupleLocals[local] = variables;
                return;
            }

            TupleTree? value = WithEffects(output, () => LowerTupleValue(initializer, local.Type, output));
            if (value is null)
            {
                _rejectedLocals.Add(local);
                return;
            }

            // Calls are hoisted in the order C# evaluates the elements, then each element is declared.
            List<Expr> values = value.Leaves().Select(v => Hoist(v, output)).ToList();
            List<Expr> targets = variables.Leaves().ToList();
            for (int i = 0; i < targets.Count; i++)
            {
                Variable variable = ((VarRef)targets[i]).Var;
                output.Add(new Declare(variable, Converted(values[i], variable.Type)));
            }

            _tupleLocals[local] = variables;
        }

        /// <summary>
        /// The tuple local, or the element of one that is itself a tuple, that <paramref name="operation"/> names (<c>t</c>,
        /// <c>t.Item2</c>); null otherwise. <paramref name="rejected"/>: it names a tuple local already reported.
        /// </summary>
        private TupleTree? TuplePlace(IOperation operation, out bool rejected)
        {
            rejected = false;
            switch (operation)
            {
                case ILocalReferenceOperation local when _tupleLocals.TryGetValue(local.Local, out TupleTree? tree):
                    return tree;
                case ILocalReferenceOperation local when IsTuple(local.Local.Type) && _rejectedLocals.Contains(local.Local):
                    rejected = true;
                    return null;
                case IFieldReferenceOperation { Instance: { } instance } field when TupleElementIndex(field.Field) is int index:
                    return TuplePlace(instance, out rejected) is { Elements: { } elements } && index < elements.Length ? elements[index] : null;
                default:
                    return null;
            }
        }

        /// <summary><c>t.dx</c>, <c>t.Item1</c> of a tuple local: a read of the local that holds the element. False (result null)
        /// when <paramref name="field"/> is not an element of a tuple local.</summary>
        private bool TryLowerTupleElementRead(IFieldReferenceOperation field, out Expr? result)
        {
            result = null;
            TupleTree? place = TuplePlace(field, out bool rejected);
            if (rejected) return true;
            if (place is null) return false;
            if (place.Leaf is VarRef leaf)
            {
                NoteRead(leaf.Var);
                result = leaf;
            }
            else
            {
                result = Unsupported(field, "this element is itself a tuple; read its elements (" + field.Syntax + ".Item1, ...)");
            }

            return true;
        }

        /// <summary>An element of a tuple local as an assignment target (<c>t.dx = v</c>, <c>t.Item1 += v</c>): the local that
        /// holds it. False when <paramref name="field"/> is not an element of a tuple local.</summary>
        private bool TryLowerTupleElementTarget(IFieldReferenceOperation field, out Expr? result)
        {
            result = null;
            TupleTree? place = TuplePlace(field, out bool rejected);
            if (rejected) return true;
            if (place is null && TupleElementIndex(field.Field) is not null && field.Instance is { } data && IsTupleData(data))
            {
                // An element of a tuple parameter, field or array element: the caller's (or the object's) data.
                Report(DiagnosticDescriptors.WriteOutsideMethod, field.Syntax.GetLocation(), "an element of '" + Abbreviate(data.Syntax) + "', tuple data that belongs to the caller",
                    "Copy it into a tuple local (var t = " + Abbreviate(data.Syntax) + ";) and change that.");
                return true;
            }

            if (place is null) return false;
            if (place.Leaf is VarRef leaf)
            {
                result = leaf;
            }
            else
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, field.Syntax.GetLocation(), Abbreviate(field.Syntax),
                    "this element is itself a tuple; assign it as a statement of its own, " + field.Syntax + " = (a, b), or assign its elements");
            }

            return true;
        }

        /// <summary>The message for a tuple local used whole where GradGen needs a single value.</summary>
        private Expr? TupleLocalUsedWhole(IOperation operation, ILocalSymbol local) =>
            Unsupported(operation, "'" + local.Name + "' is a tuple local, which GradGen holds as one local per element; read its elements ("
                + local.Name + ".Item1, ...), deconstruct it (var (a, b) = " + local.Name + ";), or assign it whole as a statement of its own");

        /// <summary>
        /// <c>t = (x, y);</c>, <c>t = u;</c>, <c>t.Item2 = (a, b);</c> to a tuple local (or an element of one that is a tuple):
        /// every element's value first, in order, then the assignments, as C# does; a value that an earlier assignment would
        /// change is read into a local first, so <c>t = (t.Item2, t.Item1)</c> swaps. False when the target is not a tuple local.
        /// </summary>
        private bool LowerTupleAssignment(ISimpleAssignmentOperation assignment, List<Stmt> output)
        {
            TupleTree? place = TuplePlace(assignment.Target, out bool rejected);
            if (rejected) return true;
            if (place is null) return false;
            TupleTree? value = WithEffects(output, () => LowerTupleValue(assignment.Value, assignment.Target.Type!, output));
            if (value is null) return true;
            List<Expr> targets = place.Leaves().ToList();
            List<Expr> values = value.Leaves().ToList();
            var ready = new Expr[values.Count];
            for (int j = 0; j < values.Count; j++)
            {
                Expr v = Converted(Hoist(values[j], output), targets[j].Type);
                if (Enumerable.Range(0, j).Any(i => ReadsTarget(v, targets[i])) && v is not (RealConst or IntConst or BoolConst))
                {
                    var copy = new Variable(_nextId++, NextTempName("_tuple"), v.Type, VariableKind.Synthetic);
                    output.Add(new Declare(copy, v));
                    v = new VarRef(copy);
                }

                ready[j] = v;
            }

            for (int j = 0; j < targets.Count; j++) output.Add(new Assign(targets[j], ready[j]));
            return true;
        }

        /// <summary>
        /// A tuple-typed value element by element, each converted to the element type of <paramref name="type"/>: a tuple
        /// literal, a tuple local (or an element of one that is a tuple), <c>default</c>, <c>Math.SinCos(x)</c>, or tuple data
        /// (a parameter, a field, an element of an array of tuples), whose elements are read in place and held constant.
        /// Null after reporting why not.
        /// </summary>
        private TupleTree? LowerTupleValue(IOperation value, ITypeSymbol type, List<Stmt> output)
        {
            if (type is not INamedTypeSymbol { IsTupleType: true } tupleType)
            {
                Unsupported(value, "this tuple conversion is not supported");
                return null;
            }

            ImmutableArray<IFieldSymbol> targetElements = tupleType.TupleElements;
            TupleTree? Convert(TupleTree? tree)
            {
                if (tree?.Elements is not { } elements) return tree;
                if (elements.Length != targetElements.Length)
                {
                    Unsupported(value, "this tuple conversion is not supported");
                    return null;
                }

                var converted = new TupleTree[elements.Length];
                for (int i = 0; i < elements.Length; i++)
                {
                    ITypeSymbol elementType = targetElements[i].Type;
                    if (elements[i].Leaf is { } leaf)
                    {
                        if (SymbolFacts.Classify(elementType) is not { IsScalar: true } scalar)
                        {
                            Unsupported(value, "a tuple's elements must be numbers, bools, enums or tuples of them");
                            return null;
                        }

                        converted[i] = new TupleTree(leaf.Type == scalar ? leaf : Converted(leaf, scalar));
                    }
                    else
                    {
                        // A nested tuple: converted element by element to the nested target type.
                        TupleTree? inner = IsTuple(elementType) ? ConvertNested(elements[i], (INamedTypeSymbol)elementType) : null;
                        if (inner is null)
                        {
                            Unsupported(value, "this tuple conversion is not supported");
                            return null;
                        }

                        converted[i] = inner;
                    }
                }

                return new TupleTree(converted);
            }

            TupleTree? ConvertNested(TupleTree tree, INamedTypeSymbol nestedType)
            {
                var parts = new TupleTree[tree.Elements!.Length];
                if (parts.Length != nestedType.TupleElements.Length) return null;
                for (int i = 0; i < parts.Length; i++)
                {
                    ITypeSymbol elementType = nestedType.TupleElements[i].Type;
                    if (tree.Elements[i].Leaf is { } leaf)
                    {
                        if (SymbolFacts.Classify(elementType) is not { IsScalar: true } scalar) return null;
                        parts[i] = new TupleTree(leaf.Type == scalar ? leaf : Converted(leaf, scalar));
                    }
                    else if (IsTuple(elementType) && ConvertNested(tree.Elements[i], (INamedTypeSymbol)elementType) is { } inner)
                    {
                        parts[i] = inner;
                    }
                    else
                    {
                        return null;
                    }
                }

                return new TupleTree(parts);
            }

            switch (value)
            {
                case IConversionOperation { OperatorMethod: null } conversion when IsTuple(conversion.Operand.Type):
                    if (!conversion.Conversion.IsImplicit)
                    {
                        Unsupported(conversion, "an explicit conversion of a tuple is not supported; convert each element on its own");
                        return null;
                    }

                    return Convert(LowerTupleValue(conversion.Operand, conversion.Operand.Type!, output));
                case ITupleOperation tuple:
                    {
                        if (tuple.Elements.Length != targetElements.Length)
                        {
                            Unsupported(value, "this tuple conversion is not supported");
                            return null;
                        }

                        var elements = new TupleTree[tuple.Elements.Length];
                        bool ok = true;
                        for (int i = 0; i < elements.Length; i++)
                        {
                            IOperation element = tuple.Elements[i];
                            if (IsTuple(element.Type) || IsTuple(targetElements[i].Type))
                            {
                                TupleTree? inner = LowerTupleValue(element, targetElements[i].Type, output);
                                ok &= inner is not null;
                                elements[i] = inner!;
                            }
                            else
                            {
                                Expr? leaf = LowerExpression(element);
                                ok &= leaf is not null;
                                elements[i] = new TupleTree(leaf!);
                            }
                        }

                        return ok ? Convert(new TupleTree(elements)) : null;
                    }

                case IDefaultValueOperation:
                    return DefaultTuple(tupleType, value);
                case IInvocationOperation call when SinCosCall(call) is not null:
                    {
                        List<(IArgumentOperation Argument, Expr? Value)>? arguments = LowerArguments(call);
                        if (arguments is null) return null;
                        Expr argument = Hoist(arguments[0].Value!, output);
                        if (argument is not (VarRef or RealConst or IntConst))
                        {
                            var temporary = new Variable(_nextId++, NextTempName("_angle"), argument.Type, VariableKind.Synthetic);
                            output.Add(new Declare(temporary, argument));
                            argument = new VarRef(temporary);
                        }

                        Expr? sin = LowerSinCosElement(call, 0, out _, argument);
                        Expr? cos = sin is null ? null : LowerSinCosElement(call, 1, out _, argument);
                        return cos is null ? null : Convert(new TupleTree(new[] { new TupleTree(sin!), new TupleTree(cos) }));
                    }

                case IInvocationOperation:
                    Unsupported(value, "a method that returns a tuple is not supported (GradGen differentiates methods that return double or float); compute each element with a method of its own");
                    return null;
                default:
                    if (TuplePlace(value, out bool rejected) is { } place)
                    {
                        foreach (Expr leaf in place.Leaves()) NoteRead(((VarRef)leaf).Var);
                        return place.Leaf is null ? Convert(place) : null;
                    }

                    if (rejected) return null;
                    if (IsTupleData(value) && value.Type is INamedTypeSymbol { IsTupleType: true } dataType)
                    {
                        // Data: each element read in place from the value (an index other than a constant or a variable is read once).
                        Expr? data = LowerExpression(value);
                        if (data is null) return null;
                        if (data is ElementAccess { Index: not (IntConst or VarRef) } element)
                        {
                            var index = new Variable(_nextId++, NextTempName("_index"), element.Index.Type, VariableKind.Synthetic);
                            output.Add(new Declare(index, Hoist(element.Index, output)));
                            data = element with { Index = new VarRef(index) };
                        }

                        return DataTuple(data, dataType, value.Syntax) is { } tree ? Convert(tree) : null;
                    }

                    Unsupported(value, "a tuple local can hold a tuple literal, another tuple local, default, Math.SinCos(x), or tuple data (a parameter, a field, an element of an array of tuples)");
                    return null;
            }
        }

        /// <summary>The elements of tuple data <paramref name="data"/> of <paramref name="type"/>, each read in place
        /// (<c>ratings[i].Rating</c>); null after reporting a type generated code cannot name.</summary>
        private TupleTree? DataTuple(Expr data, INamedTypeSymbol type, SyntaxNode at)
        {
            var elements = new TupleTree[type.TupleElements.Length];
            for (int i = 0; i < elements.Length; i++)
            {
                IFieldSymbol element = type.TupleElements[i];
                if (PassiveType(element.Type, at) is not { } elementType) return null;
                var read = new MemberRead(data, element.Name, elementType);
                if (element.Type is INamedTypeSymbol { IsTupleType: true } nested)
                {
                    if (DataTuple(read, nested, at) is not { } inner) return null;
                    elements[i] = inner;
                }
                else
                {
                    elements[i] = new TupleTree(read);
                }
            }

            return new TupleTree(elements);
        }

        /// <summary><c>default</c> of a tuple type: each element's default.</summary>
        private TupleTree? DefaultTuple(INamedTypeSymbol type, IOperation at)
        {
            var elements = new TupleTree[type.TupleElements.Length];
            for (int i = 0; i < elements.Length; i++)
            {
                ITypeSymbol elementType = type.TupleElements[i].Type;
                if (elementType is INamedTypeSymbol { IsTupleType: true } nested)
                {
                    if (DefaultTuple(nested, at) is not { } inner) return null;
                    elements[i] = inner;
                    continue;
                }

                Expr? zero = SymbolFacts.Classify(elementType) switch
                {
                    { IsReal: true } real => RealConst.Of(0, real.Scalar),
                    { IsBoolean: true } => new BoolConst(false),
                    { IsScalar: true, Scalar: ScalarKind.Other } other => new OtherConst(ConstantValue.Default, other),
                    { IsScalar: true } integer => new IntConst(0, integer.Scalar),
                    _ => null,
                };
                if (zero is null)
                {
                    Unsupported(at, "a tuple's elements must be numbers, bools, enums or tuples of them");
                    return null;
                }

                elements[i] = new TupleTree(zero);
            }

            return new TupleTree(elements);
        }
            /// <summary>
        /// <c>foreach (var (u, i, r) in ratings)</c>, <c>foreach (var t in ratings)</c> over an array or span of tuples (data): a
        /// loop over its indices that reads each element's fields in place (<c>ratings[_i].Rating</c>) into the loop's locals at
        /// the top of the body. False (reporting nothing) when the collection is not an array or span of tuples.
        /// </summary>
        private bool LowerForEachOfTuples(IForEachLoopOperation loop, IOperation collection, List<Stmt> output)
        {
            if (SymbolFacts.Classify(collection.Type) is not { IsSequence: true, Scalar: ScalarKind.Other }
                || ((collection.Type as IArrayTypeSymbol)?.ElementType ?? (collection.Type as INamedTypeSymbol)?.TypeArguments.FirstOrDefault()) is not INamedTypeSymbol { IsTupleType: true } elementType)
            {
                return false;
            }

            // What the loop declares or assigns: one tuple local, or a deconstruction into locals (declared or not) and discards.
            IOperation? control = loop.LoopControlVariable;
            IOperation? deconstructed = control is IDeclarationExpressionOperation declaration ? declaration.Expression : control;
            if (control is IVariableDeclaratorOperation { Symbol: var single } && !IsTuple(single.Type)
                || control is not IVariableDeclaratorOperation && deconstructed is not ITupleOperation)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop",
                    "over an array of tuples, declare the loop variable as the tuple (foreach (var t in data)) or deconstruct it (foreach (var (a, b) in data))");
                return true;
            }

            Expr? sequence = LowerExpression(collection);
            if (sequence is null)
            {
                if (deconstructed is not null) RejectDeclaredLocals(deconstructed);
                return true;
            }

            var initializer = new List<Stmt>();
            sequence = ReadSequenceOnce(sequence, initializer);
            var index = new Variable(_nextId++, NextTempName("_i"), TypeRef.Int32, VariableKind.Synthetic);
            initializer.Add(new Declare(index, new IntConst(0, ScalarKind.Int32)));
            TupleTree? current = DataTuple(new ElementAccess(sequence, new VarRef(index)), elementType, collection.Syntax);
            if (current is null)
            {
                if (deconstructed is not null) RejectDeclaredLocals(deconstructed);
                return true;
            }

            var statements = new List<Stmt>();
            bool ok = true;
            if (control is IVariableDeclaratorOperation tupleLocal)
            {
                ITypeSymbol? problem = null;
                if (TupleVariables(tupleLocal.Symbol.Name, (INamedTypeSymbol)tupleLocal.Symbol.Type, out problem) is not { } variables)
                {
                    _rejectedLocals.Add(tupleLocal.Symbol);
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop",
                        "a tuple's elements must be numbers, bools, enums or tuples of them, and this one holds '" + problem!.ToDisplayString() + "'; read that element where it is used (data[i].Item1)");
                    return true;
                }

                List<Expr> targets = variables.Leaves().ToList();
                List<Expr> values = current.Leaves().ToList();
                for (int i = 0; i < targets.Count; i++)
                {
                    Variable variable = ((VarRef)targets[i]).Var;
                    statements.Add(new Declare(variable, Converted(values[i], variable.Type)));
                }

                _tupleLocals[tupleLocal.Symbol] = variables;
            }
            else
            {
                var targets = (ITupleOperation)deconstructed!;
                for (int k = 0; k < targets.Elements.Length; k++)
                {
                    IOperation t = targets.Elements[k] is IDeclarationExpressionOperation declared ? declared.Expression : targets.Elements[k];
                    TupleTree element = current.Elements![k];
                    switch (t)
                    {
                        case IDiscardOperation:
                            break;
                        case ITupleOperation:
                            Report(DiagnosticDescriptors.UnsupportedExpression, t.Syntax.GetLocation(), Abbreviate(t.Syntax), "nested tuples are not supported; deconstruct one level at a time");
                            ok = false;
                            break;
                        case ILocalReferenceOperation { IsDeclaration: true } local when element.Leaf is { } value
                            && SymbolFacts.Classify(local.Local.Type) is { IsScalar: true } localType && !local.Local.IsRef:
                            {
                                var variable = new Variable(_nextId++, local.Local.Name, localType, VariableKind.Local);
                                _variables[local.Local] = variable;
                                statements.Add(new Declare(variable, Converted(value, localType)));
                                break;
                            }

                        case ILocalReferenceOperation { IsDeclaration: true } local:
                            _rejectedLocals.Add(local.Local);
                            Report(DiagnosticDescriptors.UnsupportedExpression, t.Syntax.GetLocation(), t.Syntax.ToString(),
                                "a local deconstructed from a tuple must be a number, a bool or an enum; read this element where it is used (data[i].Item" + (k + 1) + ")");
                            ok = false;
                            break;
                        default:
                            if (element.Leaf is { } assigned && LowerTarget(t) is { } target)
                            {
                                statements.Add(new Assign(target, Converted(assigned, target.Type)));
                            }
                            else
                            {
                                ok = false;
                            }

                            break;
                    }
                }
            }

            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;
            if (!ok) return true;
            statements.AddRange(body.Statements);
            output.Add(IndexLoop(initializer, index, new LengthOf(sequence), statements));
            return true;
        }
    }
}
