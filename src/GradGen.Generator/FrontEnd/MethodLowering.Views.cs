using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Views of arrays and spans, as ML code slices its data: <c>ReadOnlySpan&lt;double&gt; t = targets.AsSpan(s * d, d);</c>,
    /// <c>xs.AsSpan()</c>, <c>xs.AsSpan(start)</c>, <c>span.Slice(a, n)</c>, <c>span[a..b]</c>, <c>xs[a..b]</c> of an array the method
    /// only reads, <c>ReadOnlySpan&lt;double&gt; s = xs;</c>, <c>double[] a = xs;</c>. Like a row alias, a view is not a local of the
    /// IR: it names the elements [offset, offset + length) of an array or span the IR has (a parameter, a local buffer, a row of
    /// data), with its offset and length read once where it is declared and checked there as the library checks them. A read
    /// <c>t[j]</c> is then a read of <c>targets[offset + j]</c>, so a differentiable array's derivative flows to the right
    /// element, and a write through a view of a local buffer writes that buffer. An index GradGen cannot prove to lie inside
    /// the view reads element -1 when it lies outside, which throws IndexOutOfRangeException as the span's indexer does.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Elements [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Length"/>) of <see cref="Base"/>: an array or
        /// span variable, a row of jagged data, a row of a list of arrays, or an array member of an object.</summary>
        private sealed record View(Expr Base, Expr Offset, Expr Length, TypeRef Type)
        {
            /// <summary>The whole of the base: its own bounds are the view's.</summary>
            public bool IsWhole => Offset is IntConst { Value: 0 } && Length is LengthOf whole && whole.Sequence == Base;

            /// <summary>The local array or span a write through the view changes, or null when the view cannot be written.</summary>
            public Variable? Buffer => Base is VarRef { Var.Kind: VariableKind.Local } v && v.Type.IsSequence ? v.Var : null;
        }

        /// <summary>Locals that are views, and what they view.</summary>
        private readonly Dictionary<ILocalSymbol, View> _views = new(SymbolEqualityComparer.Default);

        /// <summary>The symbol a view's length was read from when it is a local or parameter never reassigned (<c>d</c> in
        /// <c>xs.AsSpan(o, d)</c>), so that <c>for (int j = 0; j &lt; d; j++) t[j]</c> needs no check.</summary>
        private readonly Dictionary<ILocalSymbol, ISymbol> _viewLengthSymbols = new(SymbolEqualityComparer.Default);

        private static IOperation WithoutConversions(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion:
                        operation = conversion.Operand;
                        break;
                    case IConversionOperation { IsImplicit: true } spanConversion when IsSpanConversion(spanConversion):
                        operation = spanConversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>An array or span viewed as a span (<c>op_Implicit</c> of Span and ReadOnlySpan).</summary>
        private static bool IsSpanConversion(IConversionOperation conversion) =>
            SymbolFacts.Classify(conversion.Type) is { IsSequence: true } to && SymbolFacts.Classify(conversion.Operand.Type) is { IsSequence: true } from
            && to.Scalar == from.Scalar;

        private static bool IsMemoryExtensions(IMethodSymbol method) => SymbolFacts.IsNamed(method.ContainingType, "System.MemoryExtensions");

        private static bool IsIntParameter(IParameterSymbol parameter) => parameter.Type.SpecialType == SpecialType.System_Int32;

        /// <summary><c>xs.AsSpan()</c>, <c>xs.AsSpan(start)</c>, <c>xs.AsSpan(start, length)</c> of an array.</summary>
        private static bool IsAsSpan(IOperation operation) =>
            operation is IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsReadOnlySpan" } method } invocation
            && IsMemoryExtensions(method) && method.Parameters.Length is >= 1 and <= 3 && invocation.Arguments.Length == method.Parameters.Length
            && method.Parameters[0].Type is IArrayTypeSymbol { Rank: 1 } && method.Parameters.Skip(1).All(IsIntParameter);

        /// <summary><c>span.Slice(start)</c> and <c>span.Slice(start, length)</c>.</summary>
        private static bool IsSlice(IOperation operation) =>
            operation is IInvocationOperation { TargetMethod: { Name: "Slice", IsStatic: false } method, Instance: not null } invocation
            && IsSpanType(method.ContainingType) && method.Parameters.Length is 1 or 2 && method.Parameters.All(IsIntParameter)
            && invocation.Arguments.Length == method.Parameters.Length;

        /// <summary><c>sequence[a..b]</c>: of an array (a copy, <c>RuntimeHelpers.GetSubArray</c>) or of a span (a slice).</summary>
        private static bool IsRange(IOperation operation) =>
            operation is IArrayElementReferenceOperation { Indices.Length: 1 } array && array.Indices[0] is IRangeOperation
            || operation is IImplicitIndexerReferenceOperation { Argument: IRangeOperation, Instance.Type: { } type } && IsSpanType(type);

        /// <summary>An expression that takes part of an array or a span, or a local that is a view.</summary>
        private bool IsExplicitView(IOperation operation)
        {
            operation = WithoutConversions(operation);
            return operation is ILocalReferenceOperation local && _views.ContainsKey(local.Local) || IsAsSpan(operation) || IsSlice(operation) || IsRange(operation);
        }

        /// <summary>What a local of array or span type can alias: a view, or a whole array or span the method has (a parameter,
        /// a local buffer, a view, a row of a list of arrays). Creations (new, stackalloc, lists of values) are buffers, and rows
        /// of jagged data are row aliases.</summary>
        private bool IsViewInitializer(IOperation? initializer)
        {
            if (initializer is null) return false;
            IOperation operation = WithoutConversions(initializer);
            if (IsExplicitView(operation)) return true;
            return operation switch
            {
                IParameterReferenceOperation parameter => SymbolFacts.Classify(parameter.Type) is { IsSequence: true },
                ILocalReferenceOperation local => _variables.TryGetValue(local.Local, out Variable? v) && v.Type.IsSequence || _rowAliases.ContainsKey(local.Local),
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } list } => ListRow(list.Type) is not null,
                _ => false,
            };
        }

        /// <summary><c>ReadOnlySpan&lt;double&gt; t = targets.AsSpan(s * d, d);</c>: every later use of <c>t</c> uses the view.</summary>
        private void LowerViewDeclaration(IVariableDeclaratorOperation declarator, IOperation initializer, List<Stmt> output)
        {
            ILocalSymbol local = declarator.Symbol;
            View? view = WithEffects(output, () => LowerView(initializer, output, "_" + local.Name));
            if (view is null)
            {
                _rejectedLocals.Add(local);
                return;
            }

            _views[local] = view with { Type = SymbolFacts.Classify(local.Type) ?? view.Type };
            if (LengthSymbol(initializer) is { } lengthSymbol) _viewLengthSymbols[local] = lengthSymbol;
        }

        /// <summary>The local or parameter, never reassigned, that a view's length was read from.</summary>
        private ISymbol? LengthSymbol(IOperation initializer)
        {
            IOperation operation = WithoutConversions(initializer);
            IOperation? length = operation switch
            {
                IInvocationOperation { Arguments.Length: 3 } asSpan when IsAsSpan(asSpan) => Argument(asSpan, 2),
                IInvocationOperation { Arguments.Length: 2 } slice when IsSlice(slice) => Argument(slice, 1),
                _ => null,
            };
            return length is null ? null : FixedSymbol(length);
        }

        private static IOperation Argument(IInvocationOperation invocation, int ordinal) =>
            invocation.Arguments.First(a => a.Parameter?.Ordinal == ordinal).Value;

        /// <summary>The local or by-value parameter <paramref name="operation"/> reads, when nothing reassigns it.</summary>
        private ISymbol? FixedSymbol(IOperation operation)
        {
            operation = WithoutConversions(operation);
            return operation switch
            {
                ILocalReferenceOperation { Local: { IsRef: false } local } when !Reassigned().Contains(local) => local,
                IParameterReferenceOperation { Parameter: { RefKind: RefKind.None or RefKind.In } parameter } when !Reassigned().Contains(parameter) => parameter,
                _ => null,
            };
        }

        /// <summary>The view <paramref name="operation"/> names or takes, its offset and length read once into
        /// <paramref name="output"/> and checked there; null after reporting why not.</summary>
        private View? LowerView(IOperation operation, List<Stmt> output, string name = "_view")
        {
            operation = WithoutConversions(operation);
            switch (operation)
            {
                case ILocalReferenceOperation local when _views.TryGetValue(local.Local, out View? existing):
                    NoteViewRead(existing);
                    return existing;
                case IInvocationOperation asSpan when IsAsSpan(asSpan):
                    {
                        View? array = LowerView(Argument(asSpan, 0), output, name);
                        if (array is null) return null;
                        View? part = asSpan.Arguments.Length switch
                        {
                            1 => array,
                            2 => Part(array, Argument(asSpan, 1), null, output, name),
                            _ => Part(array, Argument(asSpan, 1), Argument(asSpan, 2), output, name),
                        };
                        return part is null ? null : part with { Type = array.Type.WithShape(Shape.Span) };
                    }

                case IInvocationOperation slice when IsSlice(slice):
                    {
                        View? span = LowerView(slice.Instance!, output, name);
                        if (span is null) return null;
                        return slice.Arguments.Length == 1 ? Part(span, Argument(slice, 0), null, output, name) : Part(span, Argument(slice, 0), Argument(slice, 1), output, name);
                    }

                case IArrayElementReferenceOperation { Indices.Length: 1 } arrayRange when arrayRange.Indices[0] is IRangeOperation range:
                    {
                        View? array = LowerView(arrayRange.ArrayReference, output, name);
                        if (array is null) return null;
                        if (array.Buffer is { } buffer)
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), Abbreviate(operation.Syntax),
                                "a range of an array is a copy, and GradGen keeps no copies of the local array '" + buffer.Name + "'; take a view instead, " + buffer.Name + ".AsSpan(start, length)");
                            return null;
                        }

                        // A copy of an array the method only reads has the same elements as a view of it.
                        return Range(array, range, output, name);
                    }

                case IImplicitIndexerReferenceOperation { Argument: IRangeOperation range } spanRange when IsRange(spanRange):
                    {
                        View? span = LowerView(spanRange.Instance, output, name);
                        return span is null ? null : Range(span, range, output, name);
                    }

                default:
                    {
                        if (SymbolFacts.Classify(operation.Type) is not { IsSequence: true } type)
                        {
                            Unsupported(operation, "GradGen takes views of arrays and spans only");
                            return null;
                        }

                        Expr? sequence = LowerExpression(operation);
                        if (sequence is null) return null;
                        while (sequence is Cast { Operand.Type.IsSequence: true } cast) sequence = cast.Operand;
                        Expr? whole = SequenceReadOnce(sequence, output, operation);
                        return whole is null ? null : new View(whole, new IntConst(0, ScalarKind.Int32), new LengthOf(whole), type);
                    }
            }
        }

        /// <summary>A sequence a view or a loop may read again later: a variable, a row of data or of a list by an index fixed
        /// here, or an array member of an object; anything else is reported.</summary>
        private Expr? SequenceReadOnce(Expr sequence, List<Stmt> output, IOperation at)
        {
            switch (sequence)
            {
                case VarRef:
                case MemberRead { Receiver: null or ThisRef or VarRef }:
                    return sequence;
                case ElementAccess { Sequence: VarRef } row:
                    return ReadSequenceOnce(row, output);
                case OpaqueCall { Method: "ElementAt", Args.Count: 2 } listRow when listRow.Args[0] is VarRef:
                    Expr index = listRow.Args[1];
                    if (index is IntConst or VarRef { Var.Kind: VariableKind.Synthetic }) return listRow;
                    var fixedIndex = new Variable(_nextId++, NextTempName("_row"), index.Type, VariableKind.Synthetic);
                    output.Add(new Declare(fixedIndex, index));
                    return listRow with { Args = EquatableArray.Create(listRow.Args[0], new VarRef(fixedIndex)) };
                default:
                    Unsupported(at, "GradGen takes views of array and span parameters, local buffers and rows of data; assign this to a local buffer first");
                    return null;
            }
        }

        /// <summary>Elements [start, start + length) of <paramref name="view"/> (to its end without a length), checked as
        /// <c>AsSpan</c> and <c>Slice</c> check them.</summary>
        private View? Part(View view, IOperation startOperation, IOperation? lengthOperation, List<Stmt> output, string name)
        {
            Expr? start = ReadIntOnce(startOperation, name + "Start", output);
            Expr? length = lengthOperation is null ? null : ReadIntOnce(lengthOperation, name + "Length", output);
            if (start is null || lengthOperation is not null && length is null) return null;
            Expr outOfRange = length is null
                ? Or(Less(start, Int(0)), Less(view.Length, start))
                : Or(Or(Less(start, Int(0)), Less(length, Int(0))), Less(Minus(view.Length, length), start));
            Guard(outOfRange, "ArgumentOutOfRangeException", output);
            return view with { Offset = Plus(view.Offset, start), Length = length ?? Minus(view.Length, start) };
        }

        /// <summary>Elements [a, b) of <paramref name="view"/> for the range <c>a..b</c> (<c>^k</c> counting from the end), checked as
        /// <c>Range.GetOffsetAndLength</c> checks them.</summary>
        private View? Range(View view, IRangeOperation range, List<Stmt> output, string name)
        {
            Expr? start = range.LeftOperand is null ? Int(0) : IndexIn(view, range.LeftOperand, output, name + "Start");
            Expr? end = range.RightOperand is null ? view.Length : IndexIn(view, range.RightOperand, output, name + "End");
            if (start is null || end is null) return null;
            Guard(Or(Or(Less(start, Int(0)), Less(end, start)), Less(view.Length, end)), "ArgumentOutOfRangeException", output);
            return view with { Offset = Plus(view.Offset, start), Length = Minus(end, start) };
        }

        /// <summary>An <c>Index</c> of a range: an int (from the start) or <c>^k</c> (from the end), read once.</summary>
        private Expr? IndexIn(View view, IOperation index, List<Stmt> output, string name)
        {
            index = index is IParenthesizedOperation p ? p.Operand : index;
            switch (index)
            {
                case IConversionOperation { Operand.Type.SpecialType: SpecialType.System_Int32 } fromStart:
                    return ReadIntOnce(fromStart.Operand, name, output);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, Operand.Type.SpecialType: SpecialType.System_Int32 } fromEnd:
                    {
                        Expr? k = ReadIntOnce(fromEnd.Operand, name, output);
                        if (k is null) return null;
                        // new Index(k, fromEnd: true) throws for a negative k, as the range's check below does.
                        Guard(Less(k, Int(0)), "ArgumentOutOfRangeException", output);
                        return Minus(view.Length, k);
                    }

                default:
                    Unsupported(index, "GradGen takes ranges of int bounds, a..b, with ^k for one counted from the end");
                    return null;
            }
        }

        /// <summary>An int read once: a constant or a local or parameter nothing reassigns as it is, anything else into a new
        /// local (named <paramref name="name"/>).</summary>
        private Expr? ReadIntOnce(IOperation operation, string name, List<Stmt> output)
        {
            Expr? value = LowerExpression(operation);
            if (value is null) return null;
            if (value.Type != TypeRef.Int32)
            {
                Unsupported(operation, "an offset or a length of a view must be an int");
                return null;
            }

            value = Hoist(value, output);
            if (value is IntConst || FixedSymbol(operation) is not null) return value;
            var local = new Variable(_nextId++, NextTempName(name), TypeRef.Int32, VariableKind.Synthetic);
            output.Add(new Declare(local, value));
            return new VarRef(local);
        }

        /// <summary>The element <paramref name="index"/> of <paramref name="view"/>, for a read or a write: checked against the
        /// view's length unless that is proven (a whole array, a constant index inside a constant length, or the counter of
        /// <c>for (int j = 0; j &lt; t.Length; j++)</c>).</summary>
        private Expr? ViewElement(View view, Expr index, IOperation indexOperation, ILocalSymbol? viewSymbol)
        {
            if (view.IsWhole) return new ElementAccess(view.Base, index);
            bool inside = index is IntConst { Value: >= 0 } c && view.Length is IntConst n && c.Value < n.Value
                || viewSymbol is not null && IsCounterWithin(indexOperation, viewSymbol);
            if (inside) return new ElementAccess(view.Base, Plus(view.Offset, index));

            if (!IsPureIndex(index))
            {
                // The check reads the index twice: one with an effect is read into a local first.
                if (_effects is null || _sometimes > 0)
                {
                    Unsupported(indexOperation, "an index of a view is checked against the view's length, and this one cannot be read twice; read it into a local first");
                    return null;
                }

                var local = new Variable(_nextId++, NextTempName("_index"), index.Type, VariableKind.Synthetic);
                _effects.Add(new Declare(local, index));
                index = new VarRef(local);
            }

            // Outside the view the read is of element -1, which throws IndexOutOfRangeException as the span's indexer does.
            Expr zero = new IntConst(0, index.Type.Scalar);
            Expr length = index.Type == TypeRef.Int32 ? view.Length : new Cast(view.Length, index.Type, IsImplicit: true);
            Expr within = new Binary(BinaryOp.AndAlso, new Binary(BinaryOp.GreaterOrEqual, index, zero, TypeRef.Boolean), new Binary(BinaryOp.LessThan, index, length, TypeRef.Boolean), TypeRef.Boolean);
            Expr offset = index.Type == TypeRef.Int32 ? view.Offset : new Cast(view.Offset, index.Type, IsImplicit: true);
            return new ElementAccess(view.Base, new Conditional(within, Plus(offset, index), new IntConst(-1, index.Type.Scalar), index.Type));
        }

        /// <summary>Whether reading <paramref name="e"/> twice gives the same value and does nothing else: arithmetic, Math's
        /// functions, reads of variables, elements and members.</summary>
        private static bool IsPureIndex(Expr e) => e switch
        {
            IntConst or RealConst or BoolConst or VarRef or ThisRef => true,
            LengthOf l => IsPureIndex(l.Sequence),
            Binary b => IsPureIndex(b.Left) && IsPureIndex(b.Right),
            Unary u => IsPureIndex(u.Operand),
            Cast c => IsPureIndex(c.Operand),
            Call c => c.Args.All(IsPureIndex),
            Conditional c => IsPureIndex(c.Condition) && IsPureIndex(c.WhenTrue) && IsPureIndex(c.WhenFalse),
            StopGradient s => IsPureIndex(s.Operand),
            ElementAccess a => IsPureIndex(a.Sequence) && IsPureIndex(a.Index),
            MemberRead m => m.Receiver is null or ThisRef || IsPureIndex(m.Receiver),
            OpaqueCall { IsPure: true } o => o.Args.All(IsPureIndex) && (o.Receiver is null || IsPureIndex(o.Receiver)),
            _ => false,
        };

        /// <summary>Whether <paramref name="index"/> is the counter <c>j</c> of an enclosing <c>for (int j = c; j &lt; bound; j++)</c>
        /// with a constant <c>c &gt;= 0</c>, <c>bound</c> the view's <c>Length</c> (or the local or parameter its length was read
        /// from), and <c>j</c> assigned nowhere in the body: then it lies inside the view.</summary>
        private bool IsCounterWithin(IOperation index, ILocalSymbol view)
        {
            if (WithoutConversions(index) is not ILocalReferenceOperation { Local: var counter }) return false;
            IForLoopOperation? loop = null;
            for (IOperation? o = index.Parent; o is not null; o = o.Parent)
            {
                if (o is IAnonymousFunctionOperation) return false;
                if (o is IForLoopOperation candidate && candidate.Locals.Any(l => SymbolEqualityComparer.Default.Equals(l, counter)))
                {
                    loop = candidate;
                    break;
                }
            }

            if (loop is null || loop.Before.Length != 1 || loop.AtLoopBottom.Length != 1) return false;
            if (loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group || group.Declarations[0] is not { Declarators.Length: 1 } declaration
                || declaration.Declarators[0] is not { } declarator
                || !SymbolEqualityComparer.Default.Equals(declarator.Symbol, counter)
                || (declarator.Initializer?.Value ?? declaration.Initializer?.Value) is not { ConstantValue: { HasValue: true, Value: int start } } || start < 0)
            {
                return false;
            }

            if (loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } condition
                || WithoutConversions(condition.LeftOperand) is not ILocalReferenceOperation left || !SymbolEqualityComparer.Default.Equals(left.Local, counter))
            {
                return false;
            }

            IOperation bound = WithoutConversions(condition.RightOperand);
            bool boundIsLength = bound is IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation of } && SymbolEqualityComparer.Default.Equals(of.Local, view)
                || _viewLengthSymbols.TryGetValue(view, out ISymbol? lengthSymbol) && FixedSymbol(bound) is { } boundSymbol && SymbolEqualityComparer.Default.Equals(boundSymbol, lengthSymbol);
            if (!boundIsLength) return false;

            if (loop.AtLoopBottom[0] is not IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation stepped } }
                || !SymbolEqualityComparer.Default.Equals(stepped.Local, counter))
            {
                return false;
            }

            return !loop.Body.DescendantsAndSelf().Any(o => o switch
            {
                ISimpleAssignmentOperation a => Names(a.Target, counter),
                ICompoundAssignmentOperation a => Names(a.Target, counter),
                IIncrementOrDecrementOperation a => Names(a.Target, counter),
                IDeconstructionAssignmentOperation a => a.Target.DescendantsAndSelf().Any(t => Names(t, counter)),
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } a => Names(a.Value, counter),
                _ => false,
            });
        }

        private static bool Names(IOperation operation, ILocalSymbol local) =>
            WithoutConversions(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

        /// <summary>A view written in place, <c>x.AsSpan(1)[0]</c>, <c>w[1..].Length</c>: its offset and length are read before the
        /// statement, which is possible where the statement's other assignments go (not inside ?:, &amp;&amp; or ||).</summary>
        private View? InlineView(IOperation operation)
        {
            var statements = new List<Stmt>();
            View? view = LowerView(operation, statements);
            if (view is null || statements.Count == 0) return view;
            if (_effects is null || _sometimes > 0)
            {
                Unsupported(operation, "GradGen reads the bounds of this view before the statement, which it cannot do inside ?:, && or ||; declare the view as a local first");
                return null;
            }

            _effects.AddRange(statements);
            return view;
        }

        /// <summary><c>s[^k]</c> of an array, span or view (an index counted from the end), or <c>s[j]</c> of a view written in place.</summary>
        private Expr? LowerIndexedRead(IOperation instance, IOperation index)
        {
            IOperation sequence = WithoutConversions(instance);
            ILocalSymbol? named = sequence is ILocalReferenceOperation local && _views.ContainsKey(local.Local) ? local.Local : null;
            View? view = named is not null ? _views[named] : InlineView(sequence);
            if (view is null) return null;
            NoteViewRead(view);
            if (index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
            {
                Expr? k = LowerExpression(fromEnd.Operand);
                if (k is null) return null;
                if (k.Type != TypeRef.Int32) return Unsupported(index, "an index counted from the end must be an int");

                // s[^k] is s[s.Length - k]; outside the view that is checked as any index is.
                return ViewElement(view, Minus(view.Length, k), index, null);
            }

            Expr? j = LowerExpression(index);
            return j is null ? null : ViewElement(view, j, index, named);
        }

        private static bool IsFromEnd(IOperation index) => index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat };

        /// <summary><c>t[j]</c> of a view local (a span's indexer or an array's element).</summary>
        private Expr? LowerViewRead(ILocalSymbol local, IOperation indexOperation)
        {
            View view = _views[local];
            if (indexOperation is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
            {
                NoteViewRead(view);
                Expr? k = LowerExpression(fromEnd.Operand);
                if (k is null) return null;
                return k.Type != TypeRef.Int32 ? Unsupported(indexOperation, "an index counted from the end must be an int") : ViewElement(view, Minus(view.Length, k), indexOperation, null);
            }

            Expr? index = LowerExpression(indexOperation);
            if (index is null) return null;
            NoteViewRead(view);
            return ViewElement(view, index, indexOperation, local);
        }

        /// <summary><c>t[j] = v</c> through a view: of a local buffer it writes the buffer; of anything else, it is the caller's.</summary>
        private Expr? LowerViewTarget(ILocalSymbol local, IOperation indexOperation, IOperation target)
        {
            View view = _views[local];
            if (view.Buffer is null)
            {
                Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "an element of '" + local.Name + "', a view of " + ViewedText(view) + ", which belongs to the caller",
                    "Copy it into a local buffer (stackalloc or new) and change that.");
                return null;
            }

            if (indexOperation is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
            {
                Expr? k = LowerExpression(fromEnd.Operand);
                if (k is null) return null;
                return k.Type != TypeRef.Int32 ? Unsupported(indexOperation, "an index counted from the end must be an int") : ViewElement(view, Minus(view.Length, k), indexOperation, null);
            }

            Expr? index = LowerExpression(indexOperation);
            return index is null ? null : ViewElement(view, index, indexOperation, local);
        }

        private static string ViewedText(View view) => view.Base switch
        {
            VarRef v => "'" + v.Var.Name + "'",
            ElementAccess { Sequence: VarRef data } => "a row of '" + data.Var.Name + "'",
            OpaqueCall { Args.Count: > 0 } row when row.Args[0] is VarRef list => "a row of '" + list.Var.Name + "'",
            _ => "data",
        };

        private void NoteViewRead(View view)
        {
            if (view.Base is VarRef v) NoteRead(v.Var);
        }

        /// <summary>A view used as a whole value (passed to a method): the array or span itself when the view is all of it,
        /// otherwise <c>MemoryExtensions.AsSpan(array, offset, length)</c> or <c>span.Slice(offset, length)</c>.</summary>
        private Expr? LowerViewUse(ILocalReferenceOperation reference)
        {
            View view = _views[reference.Local];
            NoteViewRead(view);
            TypeRef type = view.Type;
            if (view.IsWhole) return view.Base.Type == type ? view.Base : new Cast(view.Base, type, IsImplicit: true);
            Expr part;
            if (view.Base.Type.Shape == Shape.Array)
            {
                if (type.Shape == Shape.Array)
                {
                    return Unsupported(reference, "'" + reference.Local.Name + "' is a copy of part of " + ViewedText(view) + ", which GradGen reads element by element; pass a view of it instead, AsSpan(start, length)");
                }

                part = new OpaqueCall(null, MemoryExtensionsType, "AsSpan", EquatableArray<TypeName>.Empty, EquatableArray.Create(view.Base, view.Offset, view.Length), view.Base.Type.WithShape(Shape.Span), IsPure: true);
            }
            else
            {
                part = new OpaqueCall(view.Base, null, "Slice", EquatableArray<TypeName>.Empty, EquatableArray.Create(view.Offset, view.Length), view.Base.Type, IsPure: true);
            }

            return part.Type == type ? part : new Cast(part, type, IsImplicit: true);
        }

        private static readonly TypeName MemoryExtensionsType = new NamedTypeName("System", null, "MemoryExtensions", EquatableArray<TypeName>.Empty);

        /// <summary>Whether <paramref name="sequence"/> is data for certain (it reads only parameters GradGen does not
        /// differentiate, rows of data, lists): a part of it may go to a differentiable parameter, whose derivative nobody needs.</summary>
        private bool IsDataSequence(Expr sequence) => sequence switch
        {
            Cast c => IsDataSequence(c.Operand),
            VarRef { Var.Kind: VariableKind.Parameter } v => _method.Parameters.Any(p => _variables.TryGetValue(p, out Variable? pv) && pv == v.Var && !SymbolFacts.IsDifferentiableParameter(p)),
            ElementAccess { Sequence: var data } => IsDataSequence(data),
            OpaqueCall { Method: "ElementAt", Owner: not null } => true,
            OpaqueCall { Method: "AsSpan", Args.Count: > 0 } asSpan => IsDataSequence(asSpan.Args[0]),
            OpaqueCall { Method: "Slice", Receiver: { } span } => IsDataSequence(span),
            _ => false,
        };

        /// <summary>Why <paramref name="argument"/> cannot go to a differentiable array or span parameter of a callee, or null when
        /// it can: a variable (its derivative has a place to go), or data (no derivative is needed).</summary>
        private string? SequenceArgumentProblem(Expr argument) =>
            IsSequenceVariable(argument) || IsDataSequence(argument) ? null
            : argument is OpaqueCall { Method: "AsSpan" or "Slice" } or Cast { Operand: OpaqueCall { Method: "AsSpan" or "Slice" } }
                ? "a view of part of an array GradGen differentiates cannot take its derivative back; pass the whole array (and the offset), or copy the part into a local buffer and pass that"
            : "pass an array or span parameter or local here, so that its derivative has a place to go";

        /// <summary><c>foreach (double v in xs.AsSpan(1, n))</c> or over a view local: a loop over the view's indices.</summary>
        private void LowerForEachOfView(IForEachLoopOperation loop, IOperation collection, List<Stmt> output)
        {
            if (loop.LoopControlVariable is not IVariableDeclaratorOperation control || SymbolFacts.Classify(control.Symbol.Type) is not { IsScalar: true } elementType)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop", "its loop variable must be a number");
                return;
            }

            var initializer = new List<Stmt>();
            View? view = WithEffects(initializer, () => LowerView(collection, initializer));
            if (view is null) return;
            var index = new Variable(_nextId++, NextTempName("_i"), TypeRef.Int32, VariableKind.Synthetic);
            initializer.Add(new Declare(index, new IntConst(0, ScalarKind.Int32)));
            var element = new Variable(_nextId++, control.Symbol.Name, elementType, VariableKind.Local);
            _variables[control.Symbol] = element;

            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;

            var statements = new List<Stmt> { new Declare(element, Converted(new ElementAccess(view.Base, Plus(view.Offset, new VarRef(index))), elementType)) };
            statements.AddRange(body.Statements);
            output.Add(IndexLoop(initializer, index, view.Length, statements));
        }

        // ------------------------------------------------------------------ int arithmetic of offsets and checks

        private static Expr Int(long value) => new IntConst(value, ScalarKind.Int32);

        private static Expr Plus(Expr a, Expr b) =>
            a is IntConst { Value: 0 } ? b
            : b is IntConst { Value: 0 } ? a
            : a is IntConst x && b is IntConst y ? Int(x.Value + y.Value)
            : new Binary(BinaryOp.Add, a, b, a.Type);

        private static Expr Minus(Expr a, Expr b) =>
            b is IntConst { Value: 0 } ? a
            : a is IntConst x && b is IntConst y ? Int(x.Value - y.Value)
            : new Binary(BinaryOp.Subtract, a, b, a.Type);

        private static Expr Less(Expr a, Expr b) =>
            a is IntConst x && b is IntConst y ? new BoolConst(x.Value < y.Value) : new Binary(BinaryOp.LessThan, a, b, TypeRef.Boolean);

        private static Expr Or(Expr a, Expr b) =>
            a is BoolConst { Value: false } ? b
            : b is BoolConst { Value: false } ? a
            : a is BoolConst { Value: true } || b is BoolConst { Value: true } ? new BoolConst(true)
            : new Binary(BinaryOp.OrElse, a, b, TypeRef.Boolean);

        /// <summary><c>if (condition) throw new System.X();</c> (nothing when the condition is false for certain).</summary>
        private static void Guard(Expr condition, string exception, List<Stmt> output, params ConstantValue[] arguments)
        {
            if (condition is BoolConst { Value: false }) return;
            var type = new NamedTypeName("System", null, exception, EquatableArray<TypeName>.Empty);
            output.Add(new If(condition, Block.Of(new Throw(type, new EquatableArray<ConstantValue>(arguments))), Block.Empty));
        }
    }
}
