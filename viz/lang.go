package viz

import "fmt"

// Languages. Options.Lang "en" (the default) or "zh" picks the language
// of titles, legends and captions; names come from the data as they are.

// Langs lists the languages Options.Lang accepts.
func Langs() []string { return []string{"en", "zh"} }

// tr formats the English message key in the diagram's language: the key
// itself in English, its entry in zh in Chinese. A key without a Chinese
// entry is recorded in missing (the tests keep the table complete) and
// shown in English.
func (b *builder) tr(key string, args ...any) string {
	msg := key
	if b.opt.Lang == "zh" {
		if z, ok := zh[key]; ok {
			msg = z
		} else {
			b.missing = append(b.missing, key)
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// count writes "1 firm" / "3 firms" (English) or "3 家企业" (Chinese):
// noun is the English singular, a key of zhNouns.
func (b *builder) count(n int, noun string) string {
	if b.opt.Lang == "zh" {
		z, ok := zhNouns[noun]
		if !ok {
			b.missing = append(b.missing, noun)
			z = noun
		}
		return thousands(n) + " " + z
	}
	if n == 1 {
		return "1 " + noun
	}
	if noun[len(noun)-1] == 'y' {
		return thousands(n) + " " + noun[:len(noun)-1] + "ies"
	}
	return thousands(n) + " " + noun + "s"
}

var zhNouns = map[string]string{
	"firm":             "家企业",
	"market":           "个专业市场",
	"buyer":            "个采购商",
	"link":             "条联系",
	"cluster":          "个产业集群",
	"tier":             "级",
	"pooling ring":     "个互包环",
	"hop":              "步",
	"node":             "个节点",
	"subcontracting firm": "家分包企业",
}

var zh = map[string]string{}
