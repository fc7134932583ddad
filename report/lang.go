package report

import (
	"fmt"
	"strings"

	"clusterchain/internal/words"
)

// Langs lists the languages of report.html: Run.Lang "en" (the default)
// or "zh". Names come from the data as they are.
func Langs() []string { return []string{"en", "zh"} }

// lang writes the report's words in one language. Messages are keyed by
// their English text (a fmt format); the Chinese table zhText gives the
// same message, with explicit argument indexes where the word order
// differs. A key without a Chinese entry is shown in English (the tests
// keep the table complete for every message the report can write).
type lang struct {
	zh bool
	// missing, if set, collects the keys without a Chinese entry (tests).
	missing *[]string
}

func newLang(code string) lang { return lang{zh: code == "zh"} }

// code is the page's lang attribute.
func (l lang) code() string {
	if l.zh {
		return "zh-Hans"
	}
	return "en"
}

// T formats the English message key in the language. Keys are fmt
// formats, also without arguments (a literal percent sign is %%).
func (l lang) T(key string, args ...any) string {
	msg := key
	if l.zh {
		if z, ok := zhText[key]; ok {
			msg = z
		} else if l.missing != nil {
			*l.missing = append(*l.missing, key)
		}
	}
	return fmt.Sprintf(msg, args...)
}

// Count writes "1 firm", "3 firms" (English) or "3 家企业" (Chinese), with
// thousands separated; noun is the English singular, a key of zhNouns.
func (l lang) Count(n int, noun string) string {
	if l.zh {
		if z, ok := zhNouns[noun]; ok {
			return words.Thousands(int64(n)) + " " + z
		} else if l.missing != nil {
			*l.missing = append(*l.missing, "noun: "+noun)
		}
	}
	if n == 1 {
		return "1 " + noun
	}
	plural := noun + "s"
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey"):
		plural = noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"):
		plural = noun + "es"
	}
	return words.Thousands(int64(n)) + " " + plural
}

// List joins items as a sentence does: "a, b and c" / "a、b 和 c".
func (l lang) List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	if l.zh {
		return strings.Join(items[:len(items)-1], "、") + "和" + items[len(items)-1]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Type is a node type's name: firm, market, buyer.
func (l lang) Type(t string) string { return l.T(t) }

// Sentence ends a sentence: ". " in English, "。" in Chinese, for joining
// sentences built separately.
func (l lang) Join(sentences ...string) string {
	var b strings.Builder
	for _, s := range sentences {
		if s == "" {
			continue
		}
		if b.Len() > 0 && !l.zh {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

var zhNouns = map[string]string{
	"firm":           "家企业",
	"market":         "个专业市场",
	"buyer":          "个采购商",
	"cluster":        "个产业集群",
	"link":           "条联系",
	"pooling ring":   "个互包环",
	"tier":           "级",
	"community":      "个社区",
	"node":           "个节点",
	"input file":     "个输入文件",
	"open path":      "条开放路径",
	"sampled source": "个抽样源点",
	"warning":        "条警告",
	"round":          "轮",
	"channel":        "条独立渠道",
	"step":           "步",
	"byte":           "字节",
	"resample":       "次重抽",
}
