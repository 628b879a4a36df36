using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// LINQ queries with lambdas and method groups, as ML code writes its reductions: <c>xs.Sum(v =&gt; v * v)</c>,
    /// <c>w.Sum(Math.Abs)</c>, <c>z.Select(v =&gt; (v - mean) * (v - mean)).Average()</c>, <c>row.Select((x, j) =&gt; x * w[j]).Sum()</c>,
    /// <c>a.Zip(b, (u, v) =&gt; (u - v) * (u - v)).Sum()</c>, <c>Max</c> and <c>Min</c> with selectors, over arrays, rows of data,
    /// views and lists. LINQ runs the lambda at once for each element, in order, so the query is the loop it runs: one index
    /// loop just before the statement (where the statement's other assignments stand, in C#'s order) that binds the lambda's
    /// parameters to the element (and the index) and accumulates as LINQ does. Sum adds from +0 in order (a float sum adds in
    /// double); Average throws on no elements and adds from the first element on (from -0, which adds exactly as starting from
    /// the first does), except over an array or a list without a selector, where LINQ sums its span from +0; Max skips leading
    /// NaNs and keeps the first of equal values; Min keeps the first of equal values and stops at the first NaN it meets
    /// (over an array's span without a selector, at the first one after the first element, as LINQ's span loop does). A lambda
    /// must be one expression (or a block with only a return), must not assign, and is lowered in place: what it reads is read
    /// when the query runs, as LINQ reads it. Everything else in LINQ is an error that names the method.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>How deep lowering is inside lambdas that a query runs (where assignments are errors).</summary>
        private int _lambdaDepth;

        private abstract class Query
        {
        }

        /// <summary>An array, span, row of data, view or list.</summary>
        private sealed class QuerySource : Query
        {
            public QuerySource(IOperation operation) => Operation = operation;

            public IOperation Operation { get; }
        }

        /// <summary><c>Inner.Select(Selector)</c>, the selector taking the element (and its index).</summary>
        private sealed class QuerySelect : Query
        {
            public QuerySelect(Query inner, IOperation selector)
            {
                Inner = inner;
                Selector = selector;
            }

            public Query Inner { get; }

            public IOperation Selector { get; }
        }

        /// <summary><c>First.Zip(Second, Selector)</c>.</summary>
        private sealed class QueryZip : Query
        {
            public QueryZip(Query first, Query second, IOperation selector)
            {
                First = first;
                Second = second;
                Selector = selector;
            }

            public Query First { get; }

            public Query Second { get; }

            public IOperation Selector { get; }
        }

        /// <summary>A lowered query source: how many elements, and the element at the loop's index (its statements written into
        /// the loop body given).</summary>
        private sealed class QueryInput
        {
            public QueryInput(Expr count, Func<List<Stmt>, Expr?> element)
            {
                Count = count;
                Element = element;
            }

            public Expr Count { get; }

            public Func<List<Stmt>, Expr?> Element { get; }
        }

        private static bool IsEnumerable(IMethodSymbol method) => method.ContainingType is { } type && SymbolFacts.IsNamed(type, "System.Linq.Enumerable");

        /// <summary>
        /// A call of a method of <c>System.Linq.Enumerable</c>: true when GradGen lowers it here (<paramref name="result"/> its
        /// value, or null after reporting), false when it is none of LINQ's business here (no lambda, no array or list in it),
        /// and stays an ordinary call.
        /// </summary>
        private bool TryLowerLinq(IInvocationOperation invocation, out Expr? result)
        {
            result = null;
            IMethodSymbol target = invocation.TargetMethod;
            if (!IsEnumerable(target)) return false;
            if (IsPlainReduction(invocation) && !IsExplicitView(Argument(invocation, 0)))
            {
                result = LowerReduction(invocation);
                return true;
            }

            if (!InvolvesSequences(invocation)) return false;
            result = LowerLinq(invocation);
            return true;
        }

        /// <summary>The shape <see cref="LowerReduction"/> lowers: Sum, Average, Max or Min, without a selector, of an array of reals.</summary>
        private static bool IsPlainReduction(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            if (target.Name is not ("Sum" or "Average" or "Max" or "Min") || target.Parameters.Length != 1 || invocation.Arguments.Length != 1) return false;
            IOperation source = invocation.Arguments[0].Value;
            while (source is IConversionOperation { IsImplicit: true } conversion) source = conversion.Operand;
            return SymbolFacts.Classify(source.Type) is { Shape: Shape.Array } arrayType && arrayType.IsRealSequence
                && SymbolFacts.Classify(target.ReturnType) is { IsReal: true } resultType && resultType.Scalar == arrayType.Scalar;
        }

        /// <summary>Whether a LINQ call takes a lambda or a method group, or reads an array, span, jagged array or list (then
        /// it is GradGen's to lower or to reject by name); otherwise it is an ordinary call (<c>Enumerable.Range(0, n).Sum()</c>).</summary>
        private static bool InvolvesSequences(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation value = WithoutConversions(argument.Value);
                if (value is IDelegateCreationOperation or IAnonymousFunctionOperation) return true;
                if (value is IInvocationOperation inner && IsEnumerable(inner.TargetMethod) && InvolvesSequences(inner)) return true;
                if (SymbolFacts.Classify(value.Type) is { IsSequence: true } or { Shape: Shape.Jagged } || ListElement(value.Type) is not null || ListRow(value.Type) is not null) return true;
            }

            return false;
        }

        private Expr? LowerLinq(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            if (target.Name is not ("Sum" or "Average" or "Max" or "Min") || invocation.Arguments.Length is not (1 or 2))
            {
                return ReportQuery(invocation, FindUnsupported(invocation) ?? (invocation, null));
            }

            IOperation sourceOperation = WithoutConversions(Argument(invocation, 0));
            bool hasSelector = invocation.Arguments.Length == 2;
            if (!hasSelector && IsList(sourceOperation.Type) && SymbolFacts.Classify(target.ReturnType) is { IsScalar: true } listResult
                && listResult.Scalar != ScalarKind.Other)
            {
                // A list is data: its Sum, Average, Max or Min is a constant, computed by LINQ itself.
                Expr? list = LowerExpression(sourceOperation);
                return list is null ? null : new OpaqueCall(null, LinqEnumerable, target.Name, EquatableArray<TypeName>.Empty, EquatableArray.Create(list), listResult, IsPure: true);
            }

            if (FindUnsupported(invocation) is { } unsupported) return ReportQuery(invocation, unsupported);
            Query query = ParseQuery(sourceOperation)!;
            IOperation? selector = hasSelector ? SelectorOf(Argument(invocation, 1)) : null;

            // The values reduced must be reals: the selector's result, or the elements of the query.
            ITypeSymbol? valueType = selector is not null ? SelectorReturnType(selector)
                : target.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } sequenceType ? sequenceType.TypeArguments[0] : null;
            if (SymbolFacts.Classify(valueType) is not { IsReal: true } || SymbolFacts.Classify(target.ReturnType) is not { IsReal: true } resultType)
            {
                return Unsupported(invocation, "GradGen lowers Sum, Average, Max and Min of double and float values; an integer query has no derivative (hold it constant, or write the loop)");
            }

            if (_effects is null || _sometimes > 0)
            {
                return Unsupported(invocation, "GradGen runs this query as a loop before the statement, which it cannot do "
                    + (_sometimes > 0 ? "inside ?:, && or || (evaluated only sometimes)" : "here") + "; assign the query to a local first");
            }

            // LINQ sums the span of an array or a list from +0 (Average without a selector); anything it enumerates, from the first value.
            bool fromZero = target.Name == "Sum" || selector is null && query is QuerySource;
            return LowerQuery(invocation, query, selector, resultType, fromZero);
        }

        /// <summary>Reports an unsupported query at the whole call, naming the LINQ method or the lambda that is the problem.</summary>
        private Expr? ReportQuery(IInvocationOperation invocation, (IOperation Culprit, string? Why) unsupported)
        {
            if (unsupported.Why is not null)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, unsupported.Culprit.Syntax.GetLocation(), Abbreviate(unsupported.Culprit.Syntax), unsupported.Why);
                return null;
            }

            string name = unsupported.Culprit is IInvocationOperation call ? call.TargetMethod.Name : invocation.TargetMethod.Name;
            return Unsupported(invocation, "LINQ's " + name + " is not one GradGen lowers: it lowers Sum, Average, Max and Min of arrays, rows of data and lists, "
                + "with a lambda or a method group of Math, or over Select and Zip, to loops; write this query as a for loop");
        }

        /// <summary>The innermost part of a query GradGen does not lower: an unsupported LINQ method (Why null), or a selector or
        /// source with the reason; null when the whole query is supported.</summary>
        private (IOperation Culprit, string? Why)? FindUnsupported(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            bool isReduction = target.Name is "Sum" or "Average" or "Max" or "Min" && invocation.Arguments.Length is 1 or 2;
            bool isSelect = target.Name == "Select" && invocation.Arguments.Length == 2;
            bool isZip = target.Name == "Zip" && invocation.Arguments.Length == 3 && target.Parameters[2].Type.TypeKind == TypeKind.Delegate;
            if (!isReduction && !isSelect && !isZip)
            {
                // What comes first is reported first: an unsupported source of this call, else this call.
                return invocation.Arguments.Length > 0 && WithoutConversions(Argument(invocation, 0)) is IInvocationOperation inner && IsEnumerable(inner.TargetMethod)
                    && FindUnsupported(inner) is { } first ? first : (invocation, null);
            }

            int sources = isZip ? 2 : 1;
            for (int i = 0; i < sources; i++)
            {
                IOperation source = WithoutConversions(Argument(invocation, i));
                if (source is IInvocationOperation inner && IsEnumerable(inner.TargetMethod))
                {
                    if (FindUnsupported(inner) is { } nested) return nested;
                    if (inner.TargetMethod.Name is not ("Select" or "Zip")) return (inner, null);
                }
                else if (!IsQuerySource(source))
                {
                    return (source, "GradGen runs queries over arrays, rows of data, views of arrays and lists of numbers; write this query as a for loop");
                }
            }

            if (invocation.Arguments.Length > sources)
            {
                int arity = isZip ? 2 : 1;
                IOperation selector = Argument(invocation, sources);
                if (SelectorProblem(selector, arity, allowIndex: isSelect) is { } why) return (WithoutConversions(selector), why);
            }

            return null;
        }

        private bool IsQuerySource(IOperation operation) =>
            SymbolFacts.Classify(operation.Type) is { IsSequence: true } type && type.Scalar != ScalarKind.Other && operation is not IInvocationOperation { TargetMethod.Name: not ("AsSpan" or "Slice") }
            || IsList(operation.Type);

        /// <summary>A list of numbers (not an array, which is a list too).</summary>
        private static bool IsList(ITypeSymbol? type) => SymbolFacts.Classify(type) is null && ListElement(type) is not null;

        /// <summary>Why <paramref name="selector"/> cannot be lowered as a function of <paramref name="arity"/> elements (and, for an
        /// indexed Select, the index), or null.</summary>
        private static string? SelectorProblem(IOperation selector, int arity, bool allowIndex)
        {
            switch (WithoutConversions(selector))
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                    {
                        int parameters = lambda.Symbol.Parameters.Length;
                        if (parameters != arity && !(allowIndex && parameters == arity + 1)) return "GradGen lowers lambdas of the element" + (arity == 2 ? "s" : "") + (allowIndex ? " (and its index)" : "");
                        if (lambda.Symbol.IsAsync) return "an async lambda has no value LINQ can reduce";
                        if (lambda.Body.Operations.Length != 1 || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: not null })
                        {
                            return "a lambda that LINQ runs for every element must be one expression (or a block with only a return); write this query as a for loop";
                        }

                        if (lambda.Symbol.Parameters.Any(p => p.RefKind != RefKind.None || SymbolFacts.Classify(p.Type) is not { IsScalar: true } t || t.Scalar == ScalarKind.Other))
                        {
                            return "the lambda's parameters must be numbers taken by value";
                        }

                        return null;
                    }

                case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } }:
                    if (SymbolFacts.ElementaryFunctionOwner(method.ContainingType) is null || !method.IsStatic || method.Parameters.Length != arity)
                    {
                        return "a method group other than one of Math's functions cannot be differentiated in place; write it as a lambda, "
                            + (arity == 2 ? "(u, v) => " + method.Name + "(u, v)" : "v => " + method.Name + "(v)");
                    }

                    return null;
                default:
                    return "the selector must be a lambda written in place, or a method group of Math (a delegate held in a variable cannot be differentiated)";
            }
        }

        private static IOperation SelectorOf(IOperation argument) => WithoutConversions(argument);

        private static ITypeSymbol? SelectorReturnType(IOperation selector) => selector switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Symbol.ReturnType,
            IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method.ReturnType,
            _ => null,
        };

        /// <summary>The query a source operation is (already checked by <see cref="FindUnsupported"/>).</summary>
        private static Query? ParseQuery(IOperation operation)
        {
            operation = WithoutConversions(operation);
            if (operation is IInvocationOperation call && IsEnumerable(call.TargetMethod))
            {
                if (call.TargetMethod.Name == "Select" && ParseQuery(Argument(call, 0)) is { } inner) return new QuerySelect(inner, SelectorOf(Argument(call, 1)));
                if (call.TargetMethod.Name == "Zip" && ParseQuery(Argument(call, 0)) is { } first && ParseQuery(Argument(call, 1)) is { } second)
                {
                    return new QueryZip(first, second, SelectorOf(Argument(call, 2)));
                }

                return null;
            }

            return new QuerySource(operation);
        }

        /// <summary>The name of the first index parameter of an indexed Select in the query (it names the loop's counter).</summary>
        private static string? IndexName(Query query) => query switch
        {
            QuerySelect select => IndexName(select.Inner) ?? (select.Selector is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 2 } lambda } ? lambda.Symbol.Parameters[1].Name : null),
            QueryZip zip => IndexName(zip.First) ?? IndexName(zip.Second),
            _ => null,
        };

        /// <summary>The loop that computes the query into a local, written to <see cref="_effects"/>; its value.</summary>
        private Expr? LowerQuery(IInvocationOperation invocation, Query query, IOperation? selector, TypeRef resultType, bool fromZero)
        {
            bool spanSemantics = selector is null && query is QuerySource;
            List<Stmt> output = _effects!;
            var counter = new Variable(_nextId++, IndexName(query) ?? NextTempName("_k"), TypeRef.Int32, VariableKind.Synthetic);
            var setup = new List<Stmt>();
            QueryInput? input = BuildQuery(query, setup, counter);
            if (input is null) return null;

            var body = new List<Stmt>();
            Expr? value = input.Element(body);
            if (value is not null && selector is not null) value = ApplySelector(selector, new[] { value }, body);
            if (value is null) return null;
            value = Converted(Hoist(value, body), resultType);

            output.AddRange(setup);
            string name = invocation.TargetMethod.Name;
            Expr count = input.Count;
            Expr K = new VarRef(counter);
            Stmt Loop(List<Stmt> statements) =>
                new Loop(LoopForm.For, Block.Of(new Declare(counter, new IntConst(0, ScalarKind.Int32))), new Binary(BinaryOp.LessThan, K, count, TypeRef.Boolean),
                    new Block(statements.ToEquatableArray()), Block.Of(Increment(counter)));

            if (name is "Max" or "Min" or "Average")
            {
                Guard(new Binary(BinaryOp.Equals, count, new IntConst(0, ScalarKind.Int32), TypeRef.Boolean), "InvalidOperationException", output, ConstantValue.Of("Sequence contains no elements")!);
            }

            if (name is "Sum" or "Average")
            {
                // LINQ adds float values in double. Starting from -0 adds as starting from the first value does.
                var accumulator = new Variable(_nextId++, NextTempName(name == "Sum" ? "_sum" : "_total"), TypeRef.Double, VariableKind.Synthetic);
                Expr acc = new VarRef(accumulator);
                output.Add(new Declare(accumulator, RealConst.Of(fromZero ? 0.0 : -0.0, ScalarKind.Double)));
                body.Add(new Assign(acc, new Binary(BinaryOp.Add, acc, Converted(value, TypeRef.Double), TypeRef.Double)));
                output.Add(Loop(body));
                Expr result = name == "Sum" ? acc : new Binary(BinaryOp.Divide, acc, new Cast(count, TypeRef.Double, IsImplicit: true), TypeRef.Double);
                if (resultType == TypeRef.Double && result is VarRef) return result;
                var total = new Variable(_nextId++, NextTempName(name == "Sum" ? "_sum" : "_average"), resultType, VariableKind.Synthetic);
                output.Add(new Declare(total, resultType == TypeRef.Double ? result : new Cast(result, resultType, IsImplicit: false)));
                return new VarRef(total);
            }

            var best = new Variable(_nextId++, NextTempName(name == "Max" ? "_max" : "_min"), resultType, VariableKind.Synthetic);
            Expr Best = new VarRef(best);
            output.Add(new Declare(best, RealConst.Of(double.NaN, resultType.Scalar)));
            if (value is not (VarRef or RealConst))
            {
                var current = new Variable(_nextId++, NextTempName("_value"), resultType, VariableKind.Synthetic);
                body.Add(new Declare(current, value));
                value = new VarRef(current);
            }

            if (name == "Max")
            {
                // Max: the NaN it starts from gives way to the first value, and every NaN to the next value.
                body.Add(new If(new Binary(BinaryOp.OrElse, new Binary(BinaryOp.GreaterThan, value, Best, TypeRef.Boolean), IsNaN(Best), TypeRef.Boolean),
                    Block.Of(new Assign(Best, value)), Block.Empty));
                output.Add(Loop(body));
                return Best;
            }

            // Min stops at a NaN: enumerating, at the first one; over an array's or a list's span (no selector), at the first
            // one after the first element, which it takes as it is.
            Expr first = new Binary(BinaryOp.Equals, K, new IntConst(0, ScalarKind.Int32), TypeRef.Boolean);
            Block stop = Block.Of(new Assign(Best, value), new Break());
            if (!spanSemantics) body.Add(new If(IsNaN(value), stop, Block.Empty));
            body.Add(new If(new Binary(BinaryOp.OrElse, first, new Binary(BinaryOp.LessThan, value, Best, TypeRef.Boolean), TypeRef.Boolean),
                Block.Of(new Assign(Best, value)), spanSemantics ? Block.Of(new If(IsNaN(value), stop, Block.Empty)) : Block.Empty));
            output.Add(Loop(body));
            return Best;
        }

        /// <summary>Lowers the query's sources in C#'s order (their reads into <paramref name="setup"/>); null after reporting.</summary>
        private QueryInput? BuildQuery(Query query, List<Stmt> setup, Variable counter)
        {
            Expr K = new VarRef(counter);
            switch (query)
            {
                case QuerySource { Operation: var source } when IsList(source.Type) && ListElement(source.Type) is { } element:
                    {
                        Expr? list = LowerExpression(source);
                        if (list is null) return null;
                        list = ReadOnce(list, "_list", setup);
                        return new QueryInput(new MemberRead(list, "Count", TypeRef.Int32), _ => ElementAt(list, K, element));
                    }

                case QuerySource { Operation: var source }:
                    {
                        View? view = LowerView(source, setup, "_source");
                        if (view is null) return null;
                        return new QueryInput(view.Length, _ => new ElementAccess(view.Base, Plus(view.Offset, K)));
                    }

                case QuerySelect select:
                    {
                        QueryInput? inner = BuildQuery(select.Inner, setup, counter);
                        if (inner is null) return null;
                        return new QueryInput(inner.Count, body =>
                        {
                            Expr? element = inner.Element(body);
                            return element is null ? null : ApplySelector(select.Selector, new[] { element, K }, body);
                        });
                    }

                case QueryZip zip:
                    {
                        QueryInput? first = BuildQuery(zip.First, setup, counter);
                        QueryInput? second = first is null ? null : BuildQuery(zip.Second, setup, counter);
                        if (first is null || second is null) return null;
                        Expr count = first.Count;
                        if (second.Count != first.Count)
                        {
                            // Zip stops at the end of the shorter sequence.
                            var shorter = new Variable(_nextId++, NextTempName("_count"), TypeRef.Int32, VariableKind.Synthetic);
                            setup.Add(new Declare(shorter, new Conditional(new Binary(BinaryOp.LessThan, first.Count, second.Count, TypeRef.Boolean), first.Count, second.Count, TypeRef.Int32)));
                            count = new VarRef(shorter);
                        }

                        return new QueryInput(count, body =>
                        {
                            Expr? u = first.Element(body);
                            Expr? v = second.Element(body);
                            return u is null || v is null ? null : ApplySelector(zip.Selector, new[] { u, v }, body);
                        });
                    }

                default:
                    return null;
            }
        }

        /// <summary>The selector applied to <paramref name="arguments"/> in the loop body: a lambda's parameters bound to them
        /// (aliased when they are variables, else declared) and its expression lowered in place; a method group of Math called.</summary>
        private Expr? ApplySelector(IOperation selector, Expr[] arguments, List<Stmt> body)
        {
            switch (selector)
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                    {
                        for (int i = 0; i < lambda.Symbol.Parameters.Length; i++)
                        {
                            IParameterSymbol parameter = lambda.Symbol.Parameters[i];
                            TypeRef type = SymbolFacts.Classify(parameter.Type)!.Value;
                            Expr argument = arguments[i];
                            if (argument is VarRef v && v.Type == type)
                            {
                                _variables[parameter] = v.Var;
                                continue;
                            }

                            var local = new Variable(_nextId++, parameter.Name, type, VariableKind.Local);
                            body.Add(new Declare(local, Converted(argument, type)));
                            _variables[parameter] = local;
                        }

                        IOperation returned = ((IReturnOperation)lambda.Body.Operations[0]).ReturnedValue!;
                        return InLambda(body, () => LowerExpression(returned));
                    }

                case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } } group:
                    {
                        var args = new Expr[method.Parameters.Length];
                        for (int i = 0; i < args.Length; i++)
                        {
                            if (SymbolFacts.Classify(method.Parameters[i].Type) is not { IsScalar: true } type) return Unsupported(group, "GradGen calls Math's functions of numbers");
                            args[i] = Converted(arguments[i], type);
                        }

                        if (SymbolFacts.Classify(method.ReturnType) is not { IsScalar: true } resultType
                            || ElementaryFunctions.Find(method.Name, SymbolFacts.ElementaryFunctionOwner(method.ContainingType)!.Value, args) is not { } function)
                        {
                            return Unsupported(group, "GradGen has no derivative of " + method.ContainingType.Name + "." + method.Name + "; write the query as a for loop");
                        }

                        string display = method.ContainingType.Name + "." + method.Name;
                        if (function.Smoothness == Smoothness.Step)
                        {
                            Pending(group.Syntax.GetLocation(), DiagnosticDescriptors.ZeroDerivative, null, new object[] { display }, args[0]);
                        }
                        else if (function.Smoothness == Smoothness.Kink)
                        {
                            Pending(group.Syntax.GetLocation(), DiagnosticDescriptors.Kink, null, new object[] { display }, args);
                        }

                        return new Call(function.Id, args.ToEquatableArray(), resultType);
                    }

                default:
                    return Unsupported(selector, "the selector must be a lambda written in place, or a method group of Math");
            }
        }

        /// <summary>Lowers a lambda's expression for the loop body: its embedded queries and calls go to <paramref name="body"/>,
        /// assignments are errors, and what it reads counts as read by the statement that holds the query.</summary>
        private Expr? InLambda(List<Stmt> body, Func<Expr?> lower)
        {
            (List<Stmt>? effects, HashSet<Variable>? read, int sometimes) = (_effects, _readSoFar, _sometimes);
            HashSet<Variable> inside = new();
            (_effects, _readSoFar, _sometimes) = (body, inside, 0);
            _lambdaDepth++;
            try
            {
                return lower();
            }
            finally
            {
                _lambdaDepth--;
                (_effects, _readSoFar, _sometimes) = (effects, read, sometimes);
                read?.UnionWith(inside);
            }
        }
    }
}
