"""The Chinese text of every error and warning: phrase by phrase, from the English message.

Messages are built in English where the problem is found (with the names, values and lines
they carry); `zh` re-tells one in Chinese by replacing each known phrase, in order, keeping the
quoted names, values, files and lines as they are. Phrases are plain regular expressions with
numbered groups, written here in code: nothing in them comes from a data file.
"""

from __future__ import annotations

import re
from functools import cache

_KINDS = {
    "variable": "变量",
    "parameter": "参数",
    "clause": "条款",
    "condition": "共用条件",
    "source": "来源文件",
}

_PHRASES: tuple[tuple[str, str], ...] = (
    # YAML syntax
    (
        r"a tab is not allowed for indentation in YAML; use spaces",
        "YAML 不允许用制表符（Tab）缩进，请改用空格",
    ),
    (
        r"the quote opened at line (\d+), column (\d+) is never closed: add the closing quote",
        r"第 \1 行第 \2 列开始的引号没有闭合：请补上结尾的引号",
    ),
    (r"not valid YAML: ", "不是有效的 YAML："),
    # PyYAML's own words after "not valid YAML:" (its context, then its problem)
    (r"while (?:parsing|scanning) a flow sequence: ", "解析方括号列表时："),
    (r"while (?:parsing|scanning) a flow mapping: ", "解析花括号映射时："),
    (r"while (?:parsing|scanning) a block (?:mapping|sequence|collection): ", "解析缩进结构时："),
    (r"while (?:parsing|scanning) a (?:simple key|plain scalar|node): ", "解析值时："),
    (r"while (?:parsing|scanning) a (?:quoted|block) scalar: ", "解析文本时："),
    (
        r"mapping values are not allowed (?:here|in this context)",
        "此处不允许出现映射值（多了一个冒号？）",
    ),
    (r"did not find expected key", "找不到预期的键"),
    (r"did not find expected ('[^']*') or ('[^']*')", r"找不到预期的 \1 或 \2"),
    (r"could not find expected ('[^']*')", r"找不到预期的 \1"),
    (r"expected ('[^']*'|<[^>]*>)(?: or ('[^']*'))?, but (?:found|got) ", r"应为 \1 \2，实际为 "),
    (r"found unexpected end of stream", "文件意外结束"),
    (r"found character ('[^']*') that cannot start any token", r"字符 \1 不能作为任何记号的开头"),
    (r"found unknown escape character", "发现未知的转义字符"),
    (r"duplicate key '([^']*)' \(first at line (\d+)\)", r"重复的键 '\1'（第一次出现在第 \2 行）"),
    (
        r"file is not UTF-8 text \(byte (0x[0-9a-f]+)\); save it as UTF-8",
        r"文件不是 UTF-8 文本（字节 \1）：请另存为 UTF-8",
    ),
    (
        r"YAML alias '([^']*)' is not allowed: write the value out",
        r"不允许使用 YAML 别名 '\1'：请直接写出该值",
    ),
    (r"one YAML document per file, found several", "每个文件只能有一个 YAML 文档，但发现了多个"),
    # keys and fields
    (r"unknown key '([^']*)' in ([\w ]+)\.", r"\2 中有未知的键 '\1'。"),
    (r"unknown key '([^']*)'", r"未知的键 '\1'"),
    (r"missing required key '([^']*)'", r"缺少必填的键 '\1'"),
    (r"missing required field '([^']*)'", r"缺少必填字段 '\1'"),
    (r"unknown field '([^']*)' for an? (\w+)\.", r"未知字段 '\1'（\2）。"),
    (r"unknown field for an? (\w+)\.", r"\1 没有这个字段。"),
    (r" Expected one of: ([^.]*)\.", r" 可用的有：\1。"),
    (r" Expected: ([^.]*)\.", r" 可用的有：\1。"),
    (r"unknown (variable|parameter|clause|condition|source) '([^']*)'", r"未知的{\1} '\2'"),
    (r" Did you mean '([^']*)'( \([^)]*\))?( \(change: override\))?\?", r" 是否应为 '\1'\2\3？"),
    (r" \(repealed by (\w+), ([^)]*)\)", r"（已被 \1 废止，\2）"),
    # values
    (r"expected a date \(YYYY-MM-DD\), got ", "应为日期（YYYY-MM-DD），实际为 "),
    (r"expected a date YYYY-MM-DD", "应为日期 YYYY-MM-DD"),
    (
        r"expected a date, got the text ('[^']*'): write it unquoted, as YYYY-MM-DD",
        r"应为日期，实际为文本 \1：请去掉引号，写成 YYYY-MM-DD",
    ),
    (r"expected a whole number", "应为整数"),
    (r"expected true or false \(unquoted\)", "应为 true 或 false（不加引号）"),
    (r"expected true or false", "应为 true 或 false"),
    (r"expected text", "应为文本"),
    (r"expected a number", "应为数字"),
    (r"expected a mapping \(key: value lines\)", "应为映射（“键: 值”的若干行）"),
    (r"expected a mapping", "应为映射"),
    (r"expected a list \(lines starting with '- '\)", "应为列表（以“- ”开头的若干行）"),
    (r"expected a list", "应为列表"),
    (r"expected nothing \(null\)", "应为空（null）"),
    (r"expected one of ", "应为以下之一："),
    (
        r"expected a 6-digit GB/T 2260 code as text, such as '152201'",
        "应为 6 位 GB/T 2260 区划代码文本，例如 '152201'",
    ),
    (r"the number (\d+): write the code as text", r"数字 \1：请把代码写成文本（加引号）"),
    (r"nothing \(empty or null\)", "空值"),
    (r"must be at least ([^,]+)", r"不得小于 \1"),
    (r"must be more than ([^,]+)", r"必须大于 \1"),
    (r"must be at most ([^,]+)", r"不得大于 \1"),
    (r"must be less than ([^,]+)", r"必须小于 \1"),
    (r"needs at least (\d+) character\(s\)", r"至少需要 \1 个字符"),
    (r"needs at least (\d+) item\(s\)", r"至少需要 \1 项"),
    (r"must match the pattern (\S+)", r"必须符合格式 \1"),
    (r"'([^']*)' is not one of ([^.]*)\.", r"'\1' 不是可选值之一（\2）。"),
    (r"(\S+) is outside (\S+)", r"\1 超出范围 \2"),
    (r"send application/json, got (.*)", r"请发送 application/json，实际为 \1"),
    (r", got ", "，实际为 "),
    (
        r"'([^']*)' is a date-time; write a date as YYYY-MM-DD",
        r"'\1' 是日期时间：日期请写成 YYYY-MM-DD",
    ),
    (r"'([^']*)' is not a valid date", r"'\1' 不是有效日期"),
    (r"'([^']*)' is not a whole number", r"'\1' 不是整数"),
    (r"'([^']*)' is not a finite number", r"'\1' 不是有限的数"),
    # names written in Chinese
    (
        r"'([^']*)' could be any of: (.*)\. Write the one meant",
        r"'\1' 可能指以下任何一个：\2。请写明是哪一个",
    ),
    (r"'([^']*)' names no (\w+) this policy knows: (.*)", r"'\1' 不是本政策已知的 \2 名称：\3"),
    # layers
    (
        r"'([^']*)' appears twice in this file \(first at line (\d+)\)",
        r"'\1' 在本文件中出现两次（第一次在第 \2 行）",
    ),
    (
        r"(\w+) '([^']*)' is added, but layer (\w+) already defines it \(([^)]*)\)\. Did you mean "
        r"'change: override' \(or 'restate', 'repeal'\), or a new id\?",
        r"{\1} '\2' 是新增的，但 \3 层已经定义了它（\4）。是否应写 change: override（或 restate、repeal），或换一个新的 id？",
    ),
    (
        r"(\w+) '([^']*)' is marked '(\w+)', but no parent layer defines it",
        r"{\1} '\2' 标为 '\3'，但没有任何上级层定义它",
    ),
    (r" Parent layers: ([^.]*)\.", r" 上级层：\1。"),
    (
        r"(\w+) '([^']*)' matches nothing above it",
        r"{\1} '\2' 与上级层中的任何一项都不对应",
    ),
    (
        r"; to add a new item, give it an id unlike the existing ones",
        "；如要新增一项，请用与现有各项不同的 id",
    ),
    (r"'(\w+)' needs a parent: this layer extends nothing", r"'\1' 需要上级层：本层没有 extends"),
    (r"change must be one of ([^,]+(?:, [^,]+)*), got ", r"change 必须是以下之一：\1，实际为 "),
    (r"'extends' cycle: (.*)", r"extends 形成循环：\1"),
    (r"no such policy file", "找不到该政策文件"),
    # conditions
    (r"conditions refer to each other in a cycle: (.*)", r"共用条件之间循环引用：\1"),
    (r" Shared conditions: (.*)\.", r" 已定义的共用条件：\1。"),
    (r"none are defined", "没有定义任何共用条件"),
    (
        r"expected a condition: a mapping with all, any, not, var or condition",
        "应为条件：含 all、any、not、var 或 condition 的映射",
    ),
    (
        r"unknown condition keys (\[[^\]]*\]): expected all, any, not, var or condition",
        r"未知的条件键 \1：应为 all、any、not、var 或 condition",
    ),
    (r"'([^']*)' is a (\w+); cannot compare it with ", r"'\1' 是 \2 类型，不能与之比较："),
    (r"parameter '([^']*)', which holds ", r"参数 '\1'，其值为 "),
    (
        r"'([^']*)' is never ('[^']*'): it is one of ([^.]*)\.",
        r"'\1' 不可能是 \2：它只能是 \3 之一。",
    ),
    (
        r"a comparison takes exactly one operator of ([^;]*); found ",
        r"一个比较只能有一个运算符（\1）；实际为 ",
    ),
    # rules and exceptions
    (
        r"a rule needs 'requires:' \(only an exception may leave it out\)",
        "规则需要 requires:（只有例外规则可以省略）",
    ),
    (
        r"an exception needs 'when:', the case in which it applies",
        "例外规则需要 when:，即它适用的情形",
    ),
    (
        r"a rule with 'requires:' needs 'failed:', the text when it fails",
        "有 requires: 的规则需要 failed:，即不满足时的说明",
    ),
    (
        r"exception to rule '([^']*)', which no layer defines",
        r"是规则 '\1' 的例外，但没有任何一层定义该规则",
    ),
    (
        r"'([^']*)' is itself an exception \(to '([^']*)'\): name the base rule '([^']*)' instead",
        r"'\1' 本身是（'\2' 的）例外：请改为指向基本规则 '\3'",
    ),
    (
        r"exceptions '([^']*)' \(([^)]*)\) and '([^']*)' \(([^)]*)\) to rule '([^']*)' both apply to ",
        r"规则 '\5' 的例外 '\1'（\2）与 '\3'（\4）同时适用于",
    ),
    (
        r"this person, and the policy does not say which prevails: make their 'when:' exclusive",
        "此人，而政策未规定以哪一个为准：请使它们的 when: 互斥",
    ),
    (
        r"a person for whom (.*); make their 'when:' exclusive",
        r"满足 \1 的人：请使它们的 when: 互斥",
    ),
    # scenario files
    (
        r"the policy is given twice \(first at line (\d+)\): keep one",
        r"政策写了两次（第一次在第 \1 行）：请只保留一处",
    ),
    (r"a case needs '(\w+):'", r"每个案例都需要 '\1:'"),
    (
        r"two cases are named '([^']*)' \(first at line (\d+)\)",
        r"有两个案例都叫 '\1'（第一次在第 \2 行）",
    ),
    (r"policy (\w+) has no clause '([^']*)'\.", r"政策 \1 没有条款 '\2'。"),
    # a claimant's facts and events
    (
        r"separation (\S+) is not after birth (\S+)",
        r"停保日期 \1 不晚于出生日期 \2",
    ),
    (
        r"the claim \((\S+)\) is before the separation \((\S+)\)",
        r"申领日期（\1）早于停保日期（\2）",
    ),
    (
        r"registration \((\S+)\) is before the separation \((\S+)\)",
        r"失业登记日期（\1）早于停保日期（\2）",
    ),
    (
        r"registration \((\S+)\) is after the claim \((\S+)\): a claim registers the "
        r"unemployment at the same window \(([^)]*)\), so leave registration_date empty",
        r"失业登记日期（\1）晚于申领日期（\2）：申领时在同一窗口一并办理失业登记（\3），请将 registration_date 留空",
    ),
    (
        r"an event kind is the id of a stop ground, such as (\w+), got ",
        r"情形应为停发情形的 id，例如 \1，实际为 ",
    ),
    (
        r"area (\S+) has no minimum wage tier in policy '([^']*)' on (\S+) \(known: ([^)]*)\)",
        r"政策 '\2' 在 \3 没有地区 \1 的最低工资档次（已知：\4）",
    ),
    (
        r"'([^']*)' is not a stop ground in policy '([^']*)' \(only its stop grounds stop "
        r"payment: ([^)]*)\)\.",
        r"'\1' 不是政策 '\2' 的停发情形（只有这些情形停发：\3）。",
    ),
    (
        r"(\w+) on (\S+) is before the separation \((\S+)\)",
        r"\1 的日期 \2 早于停保日期（\3）",
    ),
    (
        r"(\d+) unused months are more than one spell holds: regular_months_cap is (\d+) on (\S+)",
        r"应领未领 \1 个月，超过一次失业的上限：\3 的 regular_months_cap 为 \2",
    ),
    (
        r"(\S+) is outside what policy '([^']*)' covers: parameter '([^']*)' has values only from (\S+)",
        r"\1 超出政策 '\2' 的适用范围：参数 '\3' 自 \4 起才有值",
    ),
    (
        r"a person is a mapping of Claimant fields \(birth_date: …, sex: …\), got ",
        "人员文件应为申请人字段的映射（birth_date: …, sex: …），实际为 ",
    ),
    (
        r"not a person: none of its fields \(([^)]*)\) is there",
        r"不是人员文件：其中没有任何字段（\1）",
    ),
    (r"is never null", "不能为空（null）"),
    (r"given twice", "重复给出"),
    (r"Method Not Allowed", "不允许的请求方法"),
    (r"Not Found", "未找到"),
    # files and commands
    (
        r"'([^']*)' is neither a bundled policy \(([^)]*)\) nor a \.yaml file",
        r"'\1' 既不是内置政策（\2），也不是 .yaml 文件",
    ),
    (r"no such file or folder", "没有这个文件或文件夹"),
    (r"no such file", "没有这个文件"),
    (r" \(day is out of range for month\)", "（该月没有这一天）"),
    (r" \(month must be in 1\.\.12\)", "（月份应在 1 到 12 之间）"),
    (r"is not a directory", "不是文件夹"),
    (r"permission denied", "没有权限"),
    # due rules (paperwork.describe_due) and check's conflicts
    (r"within (\d+) working days of the separation date", r"停保之日起 \1 个工作日内"),
    (r"within (\d+) days of the separation date", r"停保之日起 \1 日内"),
    (r"within (\d+) working days of the application date", r"申领之日起 \1 个工作日内"),
    (r"within (\d+) days of the application date", r"申领之日起 \1 日内"),
    (r"on the separation date", "停保当日"),
    (r"on the application date", "申领当日"),
    (r" vs ", " 与 "),
    (r"parameter '([^']*)': ", r"参数 '\1'："),
    (
        r"no English name for (\S+) \(([^)]*)\): add it under names_en",
        r"\1（\2）没有英文名称：请在 names_en 中补上",
    ),
    # `uibenefit test`
    (r"cannot apply (\S+) on top of (\S+): ", r"无法把 \1 叠加在 \2 之上："),
    (r"(?<=: )at ([^\s:]+): ", r"位置 `\1`："),
    (
        r"(\d+) passed, (\d+) failed, in (\d+) file\(s\)",
        r"通过 \1 个，失败 \2 个，共 \3 个文件",
    ),
    (r" \((\d+) could not be read\)", r"（\1 个无法读取）"),
    (r"(\d+) failing case\(s\):", r"失败的案例 \1 个："),
    # the records, synth and batch commands
    (r"is a file; -o names the folder for the pages", "是一个文件；-o 应指向存放页面的文件夹"),
    (r"no such records directory", "没有这个经办记录文件夹"),
    (r"no person '([^']*)' in the records", r"经办记录中没有人员 '\1'"),
    (r"missing required column '([^']*)'", r"缺少必需的列 '\1'"),
    (
        r"give -o claimants\.parquet, --records DIR, or both",
        "请给出 -o claimants.parquet、--records DIR 或两者",
    ),
    # the command line's own refusals (cli/)
    (r"standard input is closed: pipe the person file in", "标准输入已关闭：请用管道传入人员文件"),
    (r"cannot read standard input: ", "无法读取标准输入："),
    (
        r"more than (\d+) bytes on standard input is refused",
        r"标准输入超过 \1 字节，不予读取",
    ),
    (
        r"not UTF-8 text \(byte (0x[0-9a-f]+)\); save it as UTF-8",
        r"不是 UTF-8 文本（字节 \1）：请另存为 UTF-8",
    ),
    (
        r"(\w+) and (\w+) need pyarrow and numpy: pip install ('[^']*')",
        r"`\1` 和 `\2` 需要 `pyarrow` 和 `numpy`：请运行 `pip install \3`",
    ),
    (
        r"(\w+) needs pyarrow and numpy: pip install ('[^']*')",
        r"`\1` 需要 `pyarrow` 和 `numpy`：请运行 `pip install \2`",
    ),
    (r"(--\w+) needs Dask: pip install ('[^']*')", r"\1 需要 Dask：请运行 `pip install \2`"),
    (r"(--\w+) is at least (\d+)", r"\1 至少为 \2"),
    (r"expected at least (\d+)(?=，| \(|$)", r"应至少为 \1"),
    (r"at most (\d+) local workers", r"本机工作进程最多 \1 个"),
    (r"expected a seed from (\d+) to (\d+)", r"随机种子应在 \1 到 \2 之间"),
    (r"cannot write the decision table: ", "无法写入审核结果表："),
    (r"cannot write the schedule table: ", "无法写入发放明细表："),
    (r"cannot write the claimants: ", "无法写入申领人文件："),
    (r"cannot write the events: ", "无法写入事件文件："),
    (r"the claimants is not a regular file", "申领人文件不是普通文件"),
    (r"the events is not a regular file", "事件文件不是普通文件"),
    (r"cannot write the file: ", "无法写入文件："),
    (r"cannot write the pages: ", "无法写入页面："),
    (r"cannot write the JUnit report: ", "无法写入 `JUnit` 报告："),
    (r"cannot create the output folder: ", "无法创建输出文件夹："),
    (
        r"cannot reach the Dask scheduler within (\S+) s: ",
        r"在 \1 秒内无法连接 Dask 调度器：",
    ),
    (
        r"(\d+) partitions for (\d+) claimants: at most one per claimant",
        r"\2 名申领人分成 \1 个分区：每名申领人最多一个分区",
    ),
    (r"Permission denied", "没有权限"),
    (r"No space left on device", "磁盘空间不足"),
    (r"No such file or directory", "没有这个文件或文件夹"),
    (r"Is a directory", "是一个文件夹"),
    (r"Read-only file system", "文件系统为只读"),
    (r"Bad file descriptor", "文件描述符无效"),
    (r"timed out", "超时"),
    (r"disk full", "磁盘已满"),
    # `serve --records`
    (
        r"an id number is 18 characters: 17 digits and a digit or X",
        "公民身份号码为 18 位：17 位数字加 1 位数字或 X",
    ),
    (r"no person with this id number in the records", "经办记录中没有这个公民身份号码的人员"),
    (
        r"the records give this id number to (\d+) persons",
        r"经办记录中有 \1 个人员使用这个公民身份号码",
    ),
    (
        r"this server has no records: start it with --records DIR",
        "本服务没有加载经办记录：请用 --records DIR 启动",
    ),
    # the service's refusals
    (
        r"no policy (.+?) is served here: use one of (.*)",
        r"本服务没有政策 \1：可用的有 \2",
    ),
    (r"the body is not UTF-8 text \(byte (\d+)\)", r"请求体不是 UTF-8 文本（第 \1 字节）"),
    (r"not valid JSON: nested too deeply", "不是有效的 JSON：嵌套层数过多"),
    (r"not valid JSON: ", "不是有效的 JSON："),
    # Python's json module's own words after "not valid JSON:"
    (r"Expecting property name enclosed in double quotes", "键名应写在双引号中"),
    (r"Expecting value", "此处应有一个值"),
    (r"Expecting '(.)' delimiter", r"此处应有分隔符 '\1'"),
    (r"Extra data", "JSON 值之后还有多余内容"),
    (r"Unterminated string starting at", "字符串没有结束，开始于"),
    (r"Invalid control character at", "字符串中有不允许的控制字符，位于"),
    (r"Invalid \\escape", "无效的转义序列"),
    (r"Illegal trailing comma before end of (object|array)", "对象或数组末尾多了一个逗号"),
    (r"the body is a JSON object with (.*)", r"请求体应为含 \1 的 JSON 对象"),
    (r"unknown field '([^']*)'\.", r"未知字段 '\1'。"),
    (r"unknown field '([^']*)'", r"未知字段 '\1'"),
    (r"a claimant is an object of Claimant fields", "claimant 应为由申请人字段组成的对象"),
    (r"events is a list of \{kind, on\}", "events 应为 {kind, on} 的列表"),
    (r"an event is \{kind, on\}", "每个情形应为 {kind, on}"),
    (r"at most (\d+) events in one request", r"一次请求最多 \1 个情形"),
    (r"language must be one of ", "语言必须是以下之一："),
    (r"explain is true or false", "explain 应为 true 或 false"),
    (r"policy '([^']*)' has no clause (.*)", r"政策 '\1' 没有条款 \2"),
    (r"no such route", "没有这个地址"),
    (
        r"internal error in uibenefit; the server log has the details",
        "uibenefit 内部错误；详情见服务器日志",
    ),
    (r"the request took longer than (\S+) s", r"请求耗时超过 \1 秒"),
    (r"the body is over (\d+) bytes", r"请求体超过 \1 字节"),
    (r"Content-Length is not a number", "Content-Length 不是数字"),
    (r"cannot read the form: ", "无法读取表单："),
    (r"cannot read the CSV: ", "无法读取 CSV："),
    (r"cannot read the Parquet file: ", "无法读取 Parquet 文件："),
    (r"unexpected form field '([^']*)'", r"表单中有意外的字段 '\1'"),
    (r"the form needs a 'claimants' file", "表单需要一个 claimants 文件"),
    (
        r"this installation has no population engine \(Policy\.evaluate_batch\)",
        "本安装没有批量测算引擎（Policy.evaluate_batch）",
    ),
    (r"unknown column '([^']*)' in the (\w+)", r"\2 中有未知的列 '\1'"),
    (r"the (\w+) need an 'id' column", r"\1 需要 id 列"),
    (r"each row needs an 'id'", "每一行都需要 id"),
    (r"each line is a JSON object of Claimant fields", "每一行应为由申请人字段组成的 JSON 对象"),
    (r"no rows: send one JSON object a line", "没有数据行：请每行发送一个 JSON 对象"),
    (
        r"send events as CSV or Parquet, or inside the JSON lines rows",
        "情形请以 CSV 或 Parquet 发送，或写在 JSON lines 的各行中",
    ),
    (r"more than (\d+) rows in one request", r"一次请求超过 \1 行"),
    (r"(\d+) rows; at most (\d+) in one request", r"\1 行；一次请求最多 \2 行"),
    (r"the (\w+) file has no rows", r"\1 文件没有数据行"),
    (
        r"column '([^']*)' holds text that is not a date YYYY-MM-DD",
        r"列 '\1' 中有不是日期（YYYY-MM-DD）的文本",
    ),
    (r"column '([^']*)' holds (\S+), expected (\S+)", r"列 '\1' 的类型是 \2，应为 \3"),
    (
        r"the Parquet file unpacks to (\d+) bytes, over (\d+)",
        r"Parquet 文件解压后为 \1 字节，超过 \2",
    ),
    (
        r"send CSV \(text/csv\), JSON lines \(application/x-ndjson\) or Parquet",
        "请发送 CSV（text/csv）、JSON lines（application/x-ndjson）或 Parquet",
    ),
    # warnings of `check`
    (
        r"asks for [^“\n]*? \(“([^”]+)”, (\w+)\), which (\S+) \((\w+)\) forbids anyone to ask for",
        r"要求提供 \1 (\2)，但 \3（\4）禁止任何人索要",
    ),
    (
        r"asks for (.+?), which (\S+) \((\w+)\) forbids anyone to ask for",
        r"要求提供 \1，但 \2（\3）禁止任何人索要",
    ),
    (r"the claimant's list follows the higher layer", "申领人材料清单以上级层为准"),
    (r"has (\d+) deadlines within (\w+)", r"在 \2 中有 \1 个期限"),
    (r"an employer is safe only with the earlier date", "用人单位按较早的日期办理才稳妥"),
    (
        r"restates it from ([\d-]+), but from ([\d-]+) (\w+) says otherwise",
        r"自 \1 起重述该项，但自 \2 起 \3 另有规定",
    ),
    (r"the higher layer applies", "以上级层为准"),
    (
        r"parameter '([^']*)' is read by nothing: the engine does not know it and no condition names it",
        r"参数 '\1' 没有任何地方读取：引擎不认识它，也没有条件引用它",
    ),
    (
        r" To change it, write that id with change: override",
        " 如要修改它，请用该 id 并写 change: override",
    ),
    (r"; no reading documents this conflict", "；没有任何解读（reading）记录这一冲突"),
    (r"(\d+) inherited warning\(s\) of the bundled layers", r"内置各层的 \1 条既有警告"),
    (r"run `uibenefit check (\S+)` to see them", r"运行 `uibenefit check \1` 查看"),
    (r"; (?=[\u4e00-\u9fff])", "；"),
    (r"[.。] 是否应为", "。是否应为"),
    (r"[.。] 可用的有", "。可用的有"),
    (r"[.。] 上级层", "。上级层"),
    (r"[.。] 已定义的共用条件", "。已定义的共用条件"),
)

Compiled = tuple[tuple[re.Pattern[str], str], ...]


@cache
def _compiled(phrases: tuple[tuple[str, str], ...]) -> Compiled:
    """The phrases compiled, once, on first use: a command that only prints labels (and the
    CLI's start) does not pay for the few hundred patterns."""
    return tuple((re.compile(pattern), replacement) for pattern, replacement in phrases)


_KIND_WORD = re.compile(r"\{(\w+)\}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _kind_word(m: re.Match[str]) -> str:
    """`{parameter}`, `{parameters}` (a phrase's kind of item, or a section) in Chinese; any
    other braced word kept as it is."""
    word = m.group(1)
    return _KINDS.get(word) or SECTIONS_ZH.get(word) or m.group(0)


def zh(message: str) -> str:
    """The message in Chinese: each known phrase replaced, names and values kept.

    A message none of whose phrases is known is returned with a Chinese lead-in, so the
    reader knows it was not translated (the names and lines in it still place it)."""
    out = message
    for pattern, replacement in _compiled(_PHRASES):
        out = pattern.sub(replacement, out)
    out = _KIND_WORD.sub(_kind_word, out)
    if out == message and not _CJK.search(message):
        return f"（暂无中文译文）{message}"
    return out


SECTIONS_ZH = {
    "clauses": "条款",
    "parameters": "参数",
    "readings": "解读",
    "conditions": "共用条件",
    "eligibility": "资格规则",
    "notes": "附注",
    "stop_grounds": "停发事由",
    "claimant_documents": "申领材料",
    "forbidden_requests": "不得要求的材料",
    "employer_obligations": "单位义务",
    "notices": "告知事项",
    "offices": "经办机构",
    "messages": "说明文字",
    "variables": "变量",
    "sources": "来源文件",
}
"""The Chinese name of each section of a policy file (the section's key is its English name)."""

_LABELS: dict[str, tuple[str, str]] = {
    # `uibenefit show`
    "show.policy": ("policy {name}: {chain}", "政策 {name}：{chain}"),
    "show.layer": (
        "  layer {name}: {document} ({issued}) [{path}]",
        "  层 {name}：{document}（{issued}）[{path}]",
    ),
    "show.section": ("\n{section}:", "\n{section}："),
    "show.repealed": ("  {id}: repealed by {where}", "  {id}：已被 {where} 废止"),
    "show.restated": ("      restated by {where} [{clause}]", "      由 {where} 重述 [{clause}]"),
    "show.no_value": ("      no value in force on {on}", "      {on} 无有效值"),
    "show.value": (
        "      from {start}: {value}{cite} (line {line})",
        "      自 {start} 起：{value}{cite}（第 {line} 行）",
    ),
    "show.chosen": ("      chosen: {text}", "      采用：{text}"),
    "show.alternative": ("      alternative: {text}", "      备选：{text}"),
    "show.alternatives": (
        "      alternatives: {count}",
        "      备选解读 {count} 种（英文原文：--lang en）",
    ),
    "show.parameters": ("      parameters: {ids}", "      相关参数：{ids}"),
    "show.change.override": ("override", "覆盖"),
    "show.change.restate": ("restate", "重述"),
    "show.change.repeal": ("repeal", "废止"),
    "show.of": (" of {where}", "，原为 {where}"),
    "interrupted": ("interrupted", "已中断"),
    "internal_error": (
        "internal error in uibenefit; details in {log}",
        "uibenefit 内部错误；详情见 {log}",
    ),
    # what the commands print when they have written files
    "written": ("written: {files}", "已写入：{files}"),
    "written_in": ("written: {files} in {folder}", "已写入 {folder}：{files}"),
    "wrote": ("wrote {path}", "已写入 {path}"),
    "docs.stale": ("{page}: {state} (run `make docs`)", "{page}：{state}（请运行 `make docs`）"),
    "docs.out_of_date": ("out of date", "已过期"),
    "docs.missing": ("missing", "缺失"),
    "docs.up_to_date": ("{folder}: up to date", "{folder}：已是最新"),
    "records.counts": (
        "{claimants} claimants, {excluded} left out, {findings} findings",
        "申领人 {claimants} 人，排除 {excluded} 人，发现问题 {findings} 项",
    ),
    "synth.claimants": ("{n} claimants: {path}", "合成申领人 {n} 人：{path}"),
    "synth.events": ("; events: {path}", "；事件：{path}"),
    "synth.records": (
        "{n} persons' records: {path} (truth: {truth})",
        "合成 {n} 人的经办记录：{path}（真值：{truth}）",
    ),
    # `uibenefit test` (cli/scenario_cmd.py), with a what-if --policy
    "test.none": (
        "no scenario files (YAML with a top-level cases:) in {paths}",
        "{paths} 中没有案例文件（顶层含 cases: 的 YAML）",
    ),
    "test.policy": ("  policy: {chain}", "  政策：{chain}"),
    "test.error": ("  error: {error}", "  错误：{error}"),
    "test.mismatch": (
        "{path}: expected {expected}, got {actual}",
        "`{path}`：应为 {expected}，实际为 {actual}",
    ),
    "test.explanation": ("  explanation:", "  审核说明："),
    "test.na": ("n/a    ", "不适用"),
    "test.changed": ("CHANGED", "有变化"),
    "test.same": ("same   ", "无变化"),
    "test.money": (
        "        money paid: {before} → {after} yuan (change {delta})",
        "        发放金额：{before} → {after} 元（变化 {delta}）",
    ),
    "test.not_applied": (
        "n/a: {spec} not applied to {count} case(s) written for {base}: {reason}",
        "不适用：{spec} 未用于为 {base} 编写的 {count} 个案例：{reason}",
    ),
    "test.under": (
        "; under {spec}: {changed} of {total} case(s) change",
        "；按 {spec}：{total} 个案例中 {changed} 个有变化",
    ),
    "test.moved": (
        ", moving {net} yuan in all (paid more: +{more}, paid less: {less})",
        "，金额合计变化 {net} 元（多发 +{more}，少发 {less}）",
    ),
    "test.unknown": (", {n} with amounts not set", "，其中 {n} 个未定金额"),
    "test.skipped": (
        "; {n} case(s) where it cannot be applied (n/a, reasons above)",
        "；{n} 个案例无法适用（不适用，原因见上）",
    ),
    "synth.ledger": (
        "ledger: {payments} payments, {events} events, {faults} injected faults, as of "
        "{as_of}: {folder}",
        "台账：发放记录 {payments} 行，事件 {events} 行，注入的差错 {faults} 处，截至 {as_of}：{folder}",
    ),
    "progress.batch": ("batch", "批量审核"),
    "progress.audit": ("audit", "核查"),
    "progress.rows": ("rows", "行"),
    "progress.partitions": ("partitions", "个分区"),
    "progress.steps": ("steps", "步"),
    "batch.rows": ("rows: {n}", "行数：{n}"),
    "batch.errors": ("errors: {n}", "出错行：{n}"),
    "batch.eligible": ("eligible: {n}", "符合条件：{n}"),
    "batch.total_due": ("total due: {amount}", "应发合计：{amount} 元"),
    "batch.engine_rows": (
        "answered by the one-claim engine: {n}",
        "由单人引擎计算的行：{n}",
    ),
    "batch.schedule_rows": ("schedule rows: {n}", "发放明细行：{n}"),
    "batch.reason": ("  {n} rows: {reason}", "  {n} 行：{reason}"),
    # the continuation report (records/continuation.py)
    "cont.title": (
        "# Continuation without an application, as of {as_of}",
        "# 无需申请、领至法定退休年龄的失业保险金名单（截至 {as_of}）",
    ),
    "cont.lead": (
        "Policy `{policy}`. {listed} persons listed: {back_pay} with back-pay due, "
        "{to_continue} to continue, {excluded} excluded from the arrears.",
        "政策 `{policy}`。共列出 {listed} 人：应补发 {back_pay} 人，继续发放 {to_continue} 人，"
        "不补发欠发待遇 {excluded} 人。",
    ),
    "cont.head": ("| | months | yuan |", "| | 月数 | 金额（元） |"),
    "cont.owed": ("owed in all", "应发合计"),
    "cont.back_pay": ("back-pay due by {as_of}", "截至 {as_of} 应补发"),
    "cont.medical": ("medical insurance paid on their behalf", "代缴基本医疗保险费"),
    "cont.medical_back": ("medical insurance to back-pay", "应补缴基本医疗保险费"),
    "cont.excluded": (
        "Excluded (flexible workers, lump-sum recipients): {flexible} flexible, "
        "{lump_sum} lump sum.",
        "排除的人员（灵活就业人员、一次性领取者）：灵活就业人员 {flexible} 人，"
        "一次性领取者 {lump_sum} 人。",
    ),
    "cont.clauses": ("## Clauses", "## 条款"),
    "cont.clause": ("- **{id}** ({document}): “{text}”", "- **{id}**（{document}）：{text}"),
    "cont.list": ("## The list (first {n})", "## 名单（前 {n} 人）"),
    "cont.columns": (
        "| id | status | months owed | amount | back-pay | medical | excluded | clause |",
        "| id | 状态 | 应发月数 | 应发金额（元） | 应补发（元） | 代缴医疗保险月数 | 排除 | 条款 |",
    ),
    "cont.status.back_pay": ("back_pay", "应补发"),
    "cont.status.to_continue": ("to_continue", "继续发放"),
    "cont.status.excluded": ("excluded", "已排除"),
    "cont.group.flexible": ("flexible", "灵活就业人员"),
    "cont.group.lump_sum": ("lump_sum", "一次性领取者"),
    "cont.from.medical": ("medical", "仅医疗保险费"),
    "cont.from.arrears_and_medical": ("arrears_and_medical", "欠发待遇及医疗保险费"),
    "cont.excluded_cell": ("{group} ({scope}, {reading})", "{group}（{scope}，{reading}）"),
    "unknown": ("unknown", "未知"),
    # the audit report (audit/report.py) and `uibenefit audit`'s lines
    "audit.title": ("Audit of benefit payments", "失业保险金发放核查报告"),
    "audit.policy": ("policy", "政策"),
    "audit.as_of": ("as of", "审计日"),
    "audit.recipients": ("recipients", "领金人员"),
    "audit.findings": ("findings", "核查发现"),
    "audit.to_recover": ("to recover", "应追回（元）"),
    "audit.to_pay": ("to pay", "应补发（元）"),
    "audit.fraud": (
        "fine range if fraud ({clause}, information only): {low} – {high}",
        "如认定为骗取，罚款幅度（{clause}，仅供参考）：{low} – {high} 元",
    ),
    "audit.by_kind": ("Totals by finding kind", "按核查结果类别合计"),
    "audit.by_area": ("Totals by area", "按地区合计"),
    "audit.by_month": ("Totals by month", "按月份合计"),
    "audit.ledger": ("Ledger rows", "台账行"),
    "audit.col.kind": ("kind", "类别"),
    "audit.col.findings": ("findings", "发现数"),
    "audit.col.months": ("months", "月数"),
    "audit.col.amount": ("amount", "金额（元）"),
    "audit.col.area": ("area", "地区"),
    "audit.col.month": ("month", "月份"),
    "audit.col.disposition": ("disposition", "处理结果"),
    "audit.col.rows": ("rows", "行数"),
    "audit.total": ("total", "合计"),
    "audit.charts": ("Charts", "图表"),
    "audit.chart.by_kind": ("Amounts by finding kind", "各类核查结果的金额"),
    "audit.chart.by_month": (
        "Amounts by finding and month (paid on, or due by)",
        "各月各类核查结果的金额（按发放日或应发日）",
    ),
    "audit.chart.amount": ("amount (yuan)", "金额（元）"),
    "audit.chart.month": ("month", "月份"),
    "audit.kind.paid_after_stop": ("paid_after_stop", "停发后仍发放"),
    "audit.kind.wrong_amount": ("wrong_amount", "发放金额有误"),
    "audit.kind.not_paid": ("not_paid", "应发未发"),
    "audit.kind.paid_late": ("paid_late", "逾期发放"),
    "audit.kind.continuation_owed": ("continuation_owed", "应继续发放至退休而未发"),
    "audit.kind.duplicate_payment": ("duplicate_payment", "重复发放"),
    "audit.kind.unknown_recipient": ("unknown_recipient", "领取人不在名单中"),
    "audit.kind.unmatched_payment": ("unmatched_payment", "发放记录无对应的应发月份"),
    "audit.kind.paid_not_eligible": ("paid_not_eligible", "不符合领取条件仍发放"),
    "audit.kind.suspected_confirmed": ("suspected_confirmed", "疑点经核实"),
    "audit.kind.suspected_cleared": ("suspected_cleared", "疑点已排除"),
    "audit.kind.bad_row": ("bad_row", "无法读取的台账行"),
    "audit.kind.matched": ("matched", "匹配无误"),
    "audit.line.head": (
        "audit of {recipients} recipients as of {as_of} ({layers}): {findings} findings",
        "核查领金人员 {recipients} 人，审计日 {as_of}（{layers}）：核查发现 {findings} 项",
    ),
    "audit.line.kind": (
        "  {kind:<20} {findings:>8} findings {months:>8} months {amount:>14}",
        "  {kind}：{findings} 项，{months} 个月，{amount} 元",
    ),
    "audit.line.money": (
        "to recover: {recover}  to pay: {pay}",
        "应追回：{recover} 元  应补发：{pay} 元",
    ),
    "audit.line.ledger": (
        "ledger: {rows} rows, {matched} matched cleanly; {accounted}",
        "台账：{rows} 行，其中 {matched} 行匹配无误；{accounted}",
    ),
    "audit.line.accounted": ("every row accounted for", "每一行都已核对"),
    "audit.line.unaccounted": ("NOT all rows accounted for", "并非每一行都已核对"),
    # the impact report (impact/report.py, impact/charts.py) and `uibenefit impact`'s lines
    "impact.title": ("Impact of the reforms", "政策调整影响测算"),
    "impact.rows": ("{rows} rows", "{rows} 行"),
    "impact.weighted": (", weighted to {people} people", "，加权后代表 {people} 人"),
    "impact.in_memory": ("given in memory", "内存中传入"),
    "impact.each_claim": ("the date each claim is decided", "各申领的决定日"),
    "impact.intro": (
        "Baseline: {layers}. Population: {people} ({source}). Decisions as of {as_of}. Money "
        "in yuan: all that is due to a person, the monthly payments and any lump sum; a person "
        "is a beneficiary when eligible and due some money; benefit months are the months paid "
        "monthly.",
        "基线：{layers}。人群：{people}（{source}）。决定日期：{as_of}。金额单位为元，指应发给"
        "每人的全部金额（按月发放的失业保险金和一次性领取的金额）；符合领取条件且有应发金额的人"
        "计为受益人；领取月数指按月发放的月数。",
    ),
    "impact.synthetic": (
        "SYNTHETIC POPULATION: these totals are of made-up people, not official figures. See "
        "'Population' at the end for what is sized to a published figure and what is an "
        "assumption.",
        "合成人群：以下合计是虚构人员的测算结果，不是官方数字。哪些按公开数字确定、哪些是假设，"
        "见文末“人群”一节。",
    ),
    "impact.totals": ("Totals", "合计"),
    "impact.baseline": ("baseline", "基线"),
    "impact.col.policy": ("policy", "政策"),
    "impact.col.cost": ("cost (yuan)", "费用（元）"),
    "impact.col.beneficiaries": ("beneficiaries", "受益人数"),
    "impact.col.benefit_months": ("benefit months", "领取月数"),
    "impact.col.eligible": ("eligible", "符合条件人数"),
    "impact.col.errors": ("errors", "出错行数"),
    "impact.col.figure": ("figure", "指标"),
    "impact.col.change": ("change", "变化"),
    "impact.col.change_yuan": ("change (yuan)", "变化（元）"),
    "impact.col.people": ("people", "人员"),
    "impact.col.count": ("count", "人数"),
    "impact.col.group": ("group", "组别"),
    "impact.col.group_people": ("people", "人数"),
    "impact.col.baseline_cost": ("baseline cost", "基线费用（元）"),
    "impact.col.group_cost": ("cost", "费用（元）"),
    "impact.col.baseline_months": ("baseline months", "基线月数"),
    "impact.col.baseline_due": ("baseline due", "基线应发（元）"),
    "impact.col.reform_months": ("{name} months", "{name} 月数"),
    "impact.col.reform_due": ("{name} due", "{name} 应发（元）"),
    "impact.better_off": ("better off", "获益"),
    "impact.worse_off": ("worse off", "受损"),
    "impact.unchanged": ("unchanged", "不变"),
    "impact.newly_eligible": ("newly eligible", "新符合条件"),
    "impact.no_longer_eligible": ("no longer eligible", "不再符合条件"),
    "impact.months_changed": ("benefit months changed", "领取月数有变化"),
    "impact.reform": ("Reform: {name}", "调整方案：{name}"),
    "impact.layers": ("Layers: {layers}.", "层级：{layers}。"),
    "impact.group.area": ("By insured area", "按参保地区"),
    "impact.group.sex": ("By sex", "按性别"),
    "impact.group.age_band": ("By age at separation", "按停保时年龄"),
    "impact.group.contribution_band": ("By contribution time", "按缴费年限"),
    "impact.group.separation_year": ("By year of separation", "按停保年份"),
    "impact.largest": ("Largest changes", "变化最大的人员"),
    "impact.no_change": (
        "No person's money changes under this reform.",
        "本方案下没有任何人的金额发生变化。",
    ),
    "impact.why": ("Why: person {id} under both policies", "原因：人员 {id} 在两种政策下的测算"),
    "impact.not_explained": ("Not explained: {error}", "无法说明：{error}"),
    "impact.under": ("{name}:", "{name}："),
    "impact.sweep": ("Sweep: {parameter}", "参数扫描：{parameter}"),
    "impact.sweep_text": (
        "Each point overrides every dated value of '{item}' in the baseline with {parameter} set "
        "to the point's value (null values left null); change is against the baseline.",
        "每个点把基线中参数 '{item}' 的每个有日期的值改为该点的 {parameter} 取值（空值保持为空）；"
        "变化相对于基线计算。",
    ),
    "impact.charts": ("Charts", "图表"),
    "impact.chart.cost_by_area": (
        "Cost by insured area, baseline and each reform",
        "按参保地区的费用：基线与各方案",
    ),
    "impact.chart.change": ("Distribution of the per-person change", "每人金额变化的分布"),
    "impact.chart.cost_by_year": ("Cost by year of separation", "按停保年份的费用"),
    "impact.chart.sweep": ("Sweep of {parameter}", "{parameter} 的参数扫描"),
    "impact.axis.area": ("insured area", "参保地区"),
    "impact.axis.year": ("year of separation", "停保年份"),
    "impact.axis.cost": ("cost, million yuan", "费用（百万元）"),
    "impact.axis.change": ("change in total due per person, yuan", "每人应发总额的变化（元）"),
    "impact.axis.rows": ("rows", "行数"),
    "impact.axis.beneficiaries": ("beneficiaries", "受益人数"),
    "impact.legend.unchanged": ("{name} ({n} rows unchanged)", "{name}（{n} 行不变）"),
    "impact.nobody_moved": ("no person's money changes", "没有任何人的金额发生变化"),
    "impact.population": ("Population: where the figures come from", "人群：数字从何而来"),
    "impact.population.user": (
        "a population supplied by the user: totals are as its rows (and weights) say",
        "用户提供的人群：合计按其各行（及权重）计算",
    ),
    "impact.population.synthetic": (
        "A synthetic population: {n} made-up claimants (seed {seed}); the shares are "
        "assumptions unless listed as published figures.",
        "合成人群：{n} 名虚构申领人（随机种子 {seed}）；除列为公开数字者外，各比例均为假设。",
    ),
    "impact.population.more": (
        " It is sized to {figures} published figures and rests on {assumed} assumptions.",
        "人群规模据 {figures} 项公开数字确定或核对，另有 {assumed} 项假设；各项的说明由合成数据的"
        "生成程序以英文写出，见 summary.json 的 population 部分，或用 --lang en 生成的报告。",
    ),
    "impact.published": (
        "Sized or checked against published figures",
        "据以确定或核对的公开数字",
    ),
    "impact.col.pub_figure": ("figure", "数字"),
    "impact.col.value": ("value", "数值"),
    "impact.col.year": ("year", "年份"),
    "impact.col.source": ("source", "来源"),
    "impact.col.use": ("used for", "用途"),
    "impact.assumptions": ("Assumptions (no published figure)", "假设（无公开数字）"),
    "impact.col.distribution": ("distribution", "分布"),
    "impact.col.assumed": ("assumed", "假设值"),
    "impact.line.population": ("population: {rows} rows", "人群：{rows} 行"),
    "impact.line.weighted": (", weighted to {people} people", "，加权后代表 {people} 人"),
    "impact.line.synthetic": (" (SYNTHETIC: not official figures)", "（合成人群：不是官方数字）"),
    "impact.line.baseline": (
        "baseline {layers}: cost {cost} yuan, beneficiaries {beneficiaries}, benefit months "
        "{months}",
        "基线 {layers}：费用 {cost} 元，受益人数 {beneficiaries}，领取月数 {months}",
    ),
    "impact.line.reform": (
        "{name}: cost {cost} yuan (change {cost_change}), beneficiaries {beneficiaries} (change "
        "{beneficiaries_change}), benefit months {months} (change {months_change}); better off "
        "{better}, worse off {worse}, unchanged {same}",
        "{name}：费用 {cost} 元（变化 {cost_change}），受益人数 {beneficiaries}（变化 "
        "{beneficiaries_change}），领取月数 {months}（变化 {months_change}）；获益 {better} 人，"
        "受损 {worse} 人，不变 {same} 人",
    ),
    "impact.line.sweep": ("sweep {parameter}:", "参数扫描 {parameter}："),
    "impact.line.point": (
        "  {value}: cost {cost} yuan (change {cost_change}), beneficiaries {beneficiaries}",
        "  {value}：费用 {cost} 元（变化 {cost_change}），受益人数 {beneficiaries}",
    ),
    # charts without a Chinese font (values/_fonts.py)
    "chart.caption": ("{title} (x: {x}; y: {y})", "{title}（横轴：{x}；纵轴：{y}）"),
    "chart.legend": ("; legend: {names}", "；图例：{names}"),
    # argparse's own words (cli/_args.Parser)
    "argparse.usage": ("usage: ", "用法："),
    "argparse.options": ("options", "选项"),
    "argparse.positionals": ("positional arguments", "位置参数"),
    "argparse.help": ("show this help message and exit", "显示本帮助信息并退出"),
    "argparse.examples": ("examples:", "示例："),
    "argparse.error": ("{prog}: error: {message}\n", "{prog}：错误：{message}\n"),
}
"""Every label a command prints around the data, in English and in Chinese.

The templates are written here in code; what fills them (names, ids, dates, paths) comes from
the data and is inserted as it is, never read as a template."""


HELP_ZH: dict[str, str] = {
    "China's unemployment insurance benefit rules as layered, cited YAML.": "中国失业保险金规则：分层、注明出处的 YAML。",
    "print the version": "显示版本号",
    "evaluate a person file under a policy": "按政策审核一个人员文件",
    "validate policies and report conflicts between layers": "校验政策并报告各层之间的冲突",
    "print the resolved policy with provenance": "显示合并后的政策及每项的出处",
    "print the JSON Schema of policy files": "输出政策文件的 JSON Schema",
    "write a Markdown reference of each layer, generated from the YAML": "由 YAML 生成每一层的 Markdown 参考文档",
    "run auditor scenario files (YAML cases with expectations)": "运行审核案例文件（含预期结果的 YAML 案例）",
    "serve the policies over HTTP, with a caseworker's page": "通过 HTTP 提供政策服务，附经办人员页面",
    "evaluate a table of claimants (Parquet or CSV) into a Parquet decision table": "批量审核申领人表（Parquet 或 CSV），输出 Parquet 审核结果表",
    "write synthetic claimants of the league, 2017–2026": "生成兴安盟 2017–2026 年的合成申领人",
    "what one or more what-ifs do to a population: cost, winners, losers, a report": "测算一个或多个假设方案对人群的影响：费用、获益者、受损者及报告",
    "audit a payments ledger against stops, amounts, pay-by dates and continuation": "按停发、金额、到账期限和续发核查发放台账",
    "pre-fill a person's claim from the agency's records, to confirm": "根据经办记录预填个人申领信息，供本人确认",
    "work with the agency's record tables (persons, contributions, ...)": "处理经办记录表（人员、缴费等）",
    "list everyone owed continuation until retirement, from the records": "根据经办记录列出应续发至退休的所有人员",
    "print a shell completion script for bash or zsh": "输出 `bash` 或 `zsh` 的命令补全脚本",
    "The decision for one person: entitled or not, months, amounts, pay-by dates, stop and paperwork, each with its clause.": "一个人的审核结果：是否符合、领取月数、金额、到账期限、停发和办理事项，每项注明条款。",
    "PERSON.yaml or .json: Claimant fields and optional events: (each with kind: and on: or date:); - reads standard input": "PERSON.yaml 或 .json：申领人字段及可选的 `events:`（每项含 `kind:` 和 `on:` 或 `date:`）；写 - 则从标准输入读取",
    "bundled name or path (default: xingan)": "内置政策名称或文件路径（默认：xingan）",
    "date of the audit, YYYY-MM-DD (for overpayments)": "核查日期，YYYY-MM-DD（用于计算多发金额）",
    "text for people (default), json: Decision.to_dict(), with a format_version, or html: the printed decision (one or two A4 pages)": "`text`：供人阅读（默认）；`json`：`Decision.to_dict()`，含 format_version；`html`：可打印的审核决定（一至两页 A4）",
    "language of the decision (default: zh) and of errors (default: en)": "审核结果的语言（默认：zh）及错误信息的语言（默认：en）",
    "summary: a page to hand over (default); full: every month with its clauses": "`summary`：可交给申领人的一页（默认）；`full`：逐月列出及其条款",
    "Load each policy, cross-check its layers (G1, G3, G4), list its readings and, for a file of your own, what its top layer changes.": "加载每个政策，交叉核对各层（G1、G3、G4），列出其解读；对自己的政策文件，还列出其顶层所作的改动。",
    "bundled names or paths (default: all bundled)": "内置政策名称或文件路径（默认：全部内置政策）",
    "conflicts are errors, not warnings (in your own layers only, for a what-if)": "冲突按错误而非警告处理（仅限自己的层，用于假设方案）",
    "language of messages": "信息的语言",
    "text for people (default) or json for programs: each policy's problems, readings and changes, with a format_version": "`text`：供人阅读（默认）；`json`：供程序读取，含每个政策的问题、解读和改动及 format_version",
    "The resolved policy: every item with the layer, file and line that set it and what it overrode; every parameter with its dated values.": "合并后的政策：每一项注明设定它的层、文件和行号及其覆盖的内容；每个参数列出其分日期的取值。",
    "bundled name or path": "内置政策名称或文件路径",
    "show only the values in force on this date": "只显示该日有效的取值",
    "text for people (default) or json for programs: the layers, items, provenance and values, with a format_version": "`text`：供人阅读（默认）；`json`：供程序读取，含各层、各项、出处和取值及 format_version",
    "language of messages and errors (default: en)": "信息和错误的语言（默认：en）",
    "language of the summary (printed and summary.md), messages and errors (default: en)": "汇总（屏幕输出和 summary.md）、信息和错误的语言（默认：en）",
    "language of the reports, charts, printed totals, messages and errors (default: en)": "报告、图表、屏幕输出的合计、信息和错误的语言（默认：en）",
    "The JSON Schema of policy files, so an editor checks and completes them.": "政策文件的 JSON Schema，供编辑器校验和补全。",
    "text: the bare JSON Schema (default); json: wrapped with a format_version": "`text`：仅 JSON Schema（默认）；`json`：外加 format_version",
    "Markdown pages: every clause with its text, every parameter with its dated values, every reading, one page per layer and an index.": "Markdown 页面：每个条款及原文、每个参数及其分日期的取值、每个解读；每层一页，另有索引。",
    "folder for the pages": "存放页面的文件夹",
    "write nothing; exit 1 if the pages in DIR are missing or out of date": "不写入；如 DIR 中的页面缺失或已过期则以 1 退出",
    "Run scenario files: each case's decision is matched against its expect:.": "运行案例文件：将每个案例的审核结果与其 `expect:` 对照。",
    "scenario files or directories": "案例文件或文件夹",
    "a what-if file: apply its top layer on top of each case's policy, report changes": "假设方案文件：将其顶层叠加在每个案例的政策之上，报告变化",
    "run only cases whose name or file:name contains PATTERN (any case; repeatable)": "只运行名称或“文件:名称”包含 PATTERN 的案例（不分大小写；可重复）",
    "write a JUnit XML report to FILE": "将 `JUnit` XML 报告写入 FILE",
    "list the clauses each case exercises": "列出每个案例涉及的条款",
    "exit 1 if a computable clause is exercised by no case (implies --coverage)": "如有可计算的条款没有任何案例涉及，则以 1 退出（隐含 --coverage）",
    "print only failures, changes and totals": "只显示失败、变化和合计",
    "text for people (default) or json for programs: every case's outcome, mismatches, what-if changes and coverage, with a format_version": "`text`：供人阅读（默认）；`json`：供程序读取，含每个案例的结果、不符之处、假设方案带来的变化和覆盖情况及 format_version",
    "The library over HTTP (see docs/integrators.md) and the caseworker's page.": "通过 HTTP 提供本库（见 docs/integrators.md）及经办人员页面。",
    "also serve every policy .yaml file in this folder": "同时提供该文件夹中的每个政策 .yaml 文件",
    "the agency's records (persons, contributions, separations, claims, events): the page looks a claimant up by id number and fills the form from them": "经办记录（人员、缴费、停保、申领、事件）：页面按公民身份号码查找申领人并据此填写表单",
    "address to listen on (default: 127.0.0.1)": "监听地址（默认：127.0.0.1）",
    "port (default: 8000)": "端口（默认：8000）",
    "worker processes (default: 1); see integrators.md": "工作进程数（默认：1）；见 integrators.md",
    "rows per /v1/batch request": "每个 /v1/batch 请求的行数上限",
    "seconds one evaluation may take (batch: 6×)": "一次审核可用的秒数（批量：6 倍）",
    "claimants: a .parquet or .csv file, or a Parquet folder": "申领人：.parquet 或 .csv 文件，或 Parquet 文件夹",
    "events (id, kind, on): a .parquet or .csv file or folder": "事件（`id`、`kind`、`on`）：.parquet 或 .csv 文件或文件夹",
    "date of the audit, YYYY-MM-DD": "核查日期，YYYY-MM-DD",
    "OUT.parquet: the decision table": "OUT.parquet：审核结果表",
    "OUT.parquet: also write the schedule, one row a month": "OUT.parquet：另写发放明细，每月一行",
    "evaluate the partitions on a local Dask cluster": "在本机 Dask 集群上审核各分区",
    "evaluate on a running Dask cluster (ADDRESS)": "在运行中的 Dask 集群（ADDRESS）上审核",
    "no progress bar": "不显示进度条",
    "how many claimants": "申领人数",
    "random seed, 0 or more (default 0)": "随机种子，0 或更大（默认 0）",
    "claimants.parquet (or a folder)": "claimants.parquet（或文件夹）",
    "write record tables (persons, contributions, separations, claims, events) for the same number of persons into this folder, with the truth in DIR/truth/": "为同样人数写出经办记录表（人员、缴费、停保、申领、事件）到该文件夹，真值写入 DIR/truth/",
    "also write their stop events here": "同时将其停发事件写到这里",
    "write a folder of this many Parquet files instead of one file": "写成含这么多个 Parquet 文件的文件夹，而不是一个文件",
    "add a weight column scaling the sample to the league's claims (published figures)": "增加权重列，按兴安盟的申领人数（公开数字）放大样本",
    "also write an audit's inputs there: payments.parquet (a ledger with faults of every kind injected at known rows), events.parquet (stops and suspected cases) and truth.parquet (what the audit must find), as of the last synthetic day": "同时在该处写出核查的输入：payments.parquet（在已知行注入各类差错的台账）、events.parquet（停发和疑点）和 truth.parquet（核查应发现的内容），截至合成数据的最后一天",
    "a what-if policy file (or bundled name); repeat for several side by side": "假设方案政策文件（或内置名称）；可重复以并列比较多个方案",
    "claimants: .parquet, .csv or a folder": "申领人：.parquet、.csv 或文件夹",
    "the report folder": "报告文件夹",
    "evaluate a parameter of the baseline over a range (a dotted key for a part of a value, e.g. beyond_regular_months.rate=0.80:0.95:0.05)": "在一个范围内测算基线的某个参数（取值的一部分用点号键表示，例如 `beyond_regular_months.rate=0.80:0.95:0.05`）",
    "events (id, kind, on): .parquet or .csv": "事件（`id`、`kind`、`on`）：.parquet 或 .csv",
    "language of the report, its charts, the sample explanations and messages (default: en)": "报告、图表、示例说明和信息的语言（默认：en）",
    "how many largest changes to list": "列出变化最大的人数",
    "text for people (default) or json for programs: summary.json's contents, with a format_version": "`text`：供人阅读（默认）；`json`：供程序读取，即 summary.json 的内容及 format_version",
    "evaluate on a local Dask cluster of N workers": "在含 N 个工作进程的本机 Dask 集群上测算",
    "claimant columns and id (.parquet/.csv), or a records directory": "申领人各列及 `id`（.parquet/.csv），或经办记录文件夹",
    "the ledger: id, index or period_start, amount, paid_on, [medical_insurance]": "发放台账：`id`、`index` 或 `period_start`、`amount`、`paid_on`、[`medical_insurance`]",
    "the events table (id, kind, on), or a records directory": "事件表（`id`、`kind`、`on`），或经办记录文件夹",
    "the audit date, YYYY-MM-DD": "核查日期，YYYY-MM-DD",
    "DIR: the findings and reports": "DIR：核查发现和报告",
    "FILE.duckdb: also write the inputs and findings there": "FILE.duckdb：同时将输入和核查发现写入其中",
    "an id the auditor marks as fraud: its findings show the fine range": "核查人员认定为骗取的 id：其核查发现显示罚款幅度",
    "run the engine on a local Dask cluster": "在本机 Dask 集群上运行测算引擎",
    "run the engine on a running Dask cluster (ADDRESS)": "在运行中的 Dask 集群（ADDRESS）上运行测算引擎",
    "Every fact the records hold, with the table and row it comes from, the questions only the claimant can answer, and the decision on these facts.": "经办记录中的每项信息及其来源表和行、只有申领人本人能回答的问题，以及按这些信息得出的审核结果。",
    "the records directory (persons, ...)": "经办记录文件夹（`persons` 等）",
    "the person's id in the records": "该人员在经办记录中的 id",
    "the date of the claim (default: today)": "申领日期（默认：今天）",
    "text (default: zh, then en), json, or a standalone html page": "`text`（默认：先中文后英文）、`json`，或独立的 `html` 页面",
    "only this language": "只用这一种语言",
    "build the claimants table (Parquet or CSV) from the records": "根据经办记录生成申领人表（Parquet 或 CSV）",
    "the records directory": "经办记录文件夹",
    "claims made on or before this date": "该日及之前的申领",
    "claimants.parquet or .csv": "claimants.parquet 或 .csv",
    "text for people (default) or json for programs: the counts and the findings, with a format_version": "`text`：供人阅读（默认）；`json`：供程序读取，含人数、核查发现及 format_version",
    "the screening date": "筛查日期",
    "folder for the list and summary": "存放名单和汇总的文件夹",
    "text for people (default) or json for programs: the summary and every row, with a format_version": "`text`：供人阅读（默认）；`json`：供程序读取，含汇总、每一行及 format_version",
    "Print a completion script: subcommands, options and their values.": "输出命令补全脚本：子命令、选项及其取值。",
    "the shell to complete in": "要补全的命令解释器（`bash` 或 `zsh`）",
}
"""The command line's own help texts in Chinese, by their English text (cli/_args.Parser
shows them under --lang zh; a text without one stays English, and the sweep finds it)."""


def help_zh(text: str) -> str:
    """An option's, command's or description's help text in Chinese (as written if none)."""
    return HELP_ZH.get(text, text)


_USAGE_PHRASES: tuple[tuple[str, str], ...] = (
    (r"^argument ([^:]+): ", r"参数 \1："),
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"invalid choice: ('[^']*') \(choose from (.*)\)", r"无效的取值 \1（可选：\2）"),
    (r"invalid (\w+) value: ('[^']*')", r"无效的 \1 值：\2"),
    (r"expected one argument", "需要一个值"),
    (r"expected at most one argument", "最多需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected (\d+) arguments?", r"需要 \1 个值"),
    (r"one of the arguments (.*) is required", r"必须给出以下参数之一：\1"),
    (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
    (r"ambiguous option: (\S+) could match (.*)", r"有歧义的选项：\1 可能是 \2"),
    (r"ignored explicit argument ('[^']*')", r"忽略了显式给出的值 \1"),
    (r"unexpected option string: (.*)", r"意外的选项：\1"),
    (r"expected at least (\d+), got ", r"应至少为 \1，实际为 "),
)


def zh_usage(message: str) -> str:
    """A command-line usage error (argparse's words, then an option value's reason) in
    Chinese; option names, values and choices kept as typed."""
    out = message
    for pattern, replacement in _compiled(_USAGE_PHRASES):
        out = pattern.sub(replacement, out)
    head, sep, reason = out.partition("：")
    if sep and head.startswith("参数 ") and not _CJK.search(reason):
        return head + sep + zh(reason)
    return out if _CJK.search(out) else zh(out)


_BANDS: tuple[tuple[str, str], ...] = (
    (r"^under 1 year$", "不满 1 年"),
    (r"^under (\d+)$", r"\1 岁以下"),
    (r"^(\d+) and over$", r"\1 岁及以上"),
    (r"^(\d+)-(\d+) years$", r"\1-\2 年"),
    (r"^(\d+) years and more$", r"\1 年及以上"),
    (r"^unknown$", "未知"),
    (r"^male$", "男"),
    (r"^female$", "女"),
)


def group_name(group: str, lang: str | None) -> str:
    """A group of an analysis (an age or contribution band, a sex, unknown) in `lang`; codes
    and years as they are."""
    if lang != "zh":
        return group
    for pattern, replacement in _compiled(_BANDS):
        group = pattern.sub(replacement, group)
    return group


def label(key: str, lang: str | None = "en", **values: object) -> str:
    """The label `key` in `lang` (zh or en; None is en), filled with `values`."""
    en, chinese = _LABELS[key]
    return (chinese if lang == "zh" else en).format(**values)


def section_name(section: str, lang: str | None = "en") -> str:
    """A policy section's name in `lang`: its key in English, its Chinese name in zh."""
    return SECTIONS_ZH.get(section, section) if lang == "zh" else section
